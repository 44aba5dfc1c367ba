import { mean, present } from '../analysis/stats.js';
import type { RunResult } from '../oracle/result.js';
import { killedStops, slowestStop } from './scenario-stats.js';

/** The metrics a fault's cost is shown in (means over runs). */
export const FAULT_METRICS: readonly { label: string; of: (r: RunResult) => number | null }[] = [
  { label: 'duplicate rows', of: (r) => r.duplicates },
  { label: 'misses', of: (r) => r.misses },
  { label: 'slowest stop (s)', of: (r) => slowestStop(r) ?? 0 },
  { label: 'stops ended by a kill', of: killedStops },
  { label: 'rerun time (s)', of: (r) => r.rerunSeconds },
  { label: 'failed runs (share)', of: (r) => (r.failed === null ? 0 : 1) },
];

interface FaultCost {
  fault: string;
  /** Seeds of the scenario with the fault on (faults are drawn per seed, alike for every strategy). */
  seedsOn: number;
  seedsOff: number;
  /** Per FAULT_METRICS row, per strategy: mean with the fault on, and off (null when no run of the strategy had it so). */
  cells: { on: number | null; off: number | null }[][];
}

/** Per seed, the faults its runs had (only seeds that had any), strategies with other faults named apart. */
export function faultsBySeed(runs: readonly RunResult[]): { seed: number; faults: string }[] {
  const bySeed = new Map<number, RunResult[]>();
  for (const r of runs) bySeed.set(r.seed, [...(bySeed.get(r.seed) ?? []), r]);
  return [...bySeed]
    .map(([seed, rs]) => {
      const kinds = new Set(rs.map((r) => r.faults.join(', ')));
      const faults = kinds.size <= 1 ? [...kinds][0] ?? '' : rs.filter((r) => r.faults.length > 0).map((r) => `${r.strategy}: ${r.faults.join(', ')}`).join('; ');
      return { seed, faults };
    })
    .filter((x) => x.faults !== '');
}

/**
 * What each fault that occurred in a scenario's runs cost, per strategy: the mean of key metrics
 * in the runs with the fault on against those with it off. Other faults of the same runs are not
 * held fixed, so read it as an association over the swarm, not an isolated effect.
 */
export function faultCosts(runs: readonly RunResult[], strategies: readonly string[]): FaultCost[] {
  const faults = [...new Set(runs.flatMap((r) => r.faults))].sort();
  const seeds = new Set(runs.map((r) => r.seed));
  return faults.map((fault) => {
    const seedsOn = new Set(runs.filter((r) => r.faults.includes(fault)).map((r) => r.seed)).size;
    return {
      fault,
      seedsOn,
      seedsOff: seeds.size - seedsOn,
      cells: FAULT_METRICS.map((m) =>
        strategies.map((s) => {
          const mine = runs.filter((r) => r.strategy === s);
          const on = present(mine.filter((r) => r.faults.includes(fault)).map(m.of));
          const off = present(mine.filter((r) => !r.faults.includes(fault)).map(m.of));
          return { on: on.length === 0 ? null : mean(on), off: off.length === 0 ? null : mean(off) };
        }),
      ),
    };
  });
}
