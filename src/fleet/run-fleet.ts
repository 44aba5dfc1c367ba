import { breakEvenPoint, crossingOf, usageAt, type BreakEvenResult } from './break-even.js';
import type { Simulations } from './executor.js';
import { summarise, type StrategySummary } from './figures.js';
import { simulateFleetSeed, type FleetSeedRun } from './simulate-fleet.js';
import { fleetSeeds, type Fleet } from './types.js';

/** Everything a fleet command reports: every fleet run, the figures per strategy, the break-even sweep. */
export interface FleetOutcome {
  fleet: Fleet;
  strategies: string[];
  runs: FleetSeedRun[];
  summaries: StrategySummary[];
  breakEven: BreakEvenResult | null;
  /** Single-job simulations asked for and run (the rest reused identical inputs). */
  simulations: { asked: number; ran: number };
}

/**
 * Every seed of the fleet under every strategy, and the break-even sweep, all at once: their
 * single-job simulations share one pool and one cache. The outcome depends on the inputs alone,
 * never on scheduling.
 */
export async function runFleet(fleet: Fleet, strategies: readonly string[], sims: Simulations, file?: string): Promise<FleetOutcome> {
  const seeds = fleetSeeds(fleet);
  const be = fleet.breakEven;
  const [runs, sweep] = await Promise.all([
    Promise.all(seeds.map((seed) => simulateFleetSeed(fleet, seed, strategies, sims, undefined, file))),
    be === null ? null : Promise.all(be.values.map((value) => Promise.all(seeds.map((seed) => simulateFleetSeed(fleet, seed, [be.strategy], sims, usageAt(fleet, be.parameter, value), file))))),
  ]);
  const summaries = strategies.map((strategy, i) => summarise(strategy, runs.map((r) => r.runs[i].metrics), fleet.seed));
  let breakEven: BreakEvenResult | null = null;
  if (be !== null && sweep !== null) {
    const points = be.values.map((value, i) => breakEvenPoint(value, sweep[i].map((r) => r.runs[0].metrics), fleet.seed));
    breakEven = { ...be, points, crossing: crossingOf(points, fleet.threshold) };
  }
  return { fleet, strategies: [...strategies], runs, summaries, breakEven, simulations: { asked: sims.asked, ran: sims.ran } };
}
