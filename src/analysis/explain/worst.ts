import type { RunResult } from '../../oracle/result.js';
import type { Scenario } from '../../scenario/types.js';
import { SeedRun } from '../../simulate.js';
import type { Strategy } from '../../strategies/strategy.js';
import { explainJob } from './explain.js';

/** Duplicates + misses + missesGone: the data a run got wrong. */
function wrongRecords(r: RunResult): number {
  return r.duplicates + r.misses + r.missesGone;
}

/** The longest latency of a stop over budget; a hard kill counts as infinitely late (as in the constraints). */
function lateness(r: RunResult): number {
  let worst = 0;
  for (const s of r.stops) if (!s.withinBudget) worst = Math.max(worst, s.hardKilled ? Infinity : (s.latencySeconds ?? 0));
  return worst;
}

/**
 * The worst run of a strategy among `results`: most duplicates + misses + missesGone, then the
 * longest stop latency over budget (a hard kill is infinitely late), then a failed job; on a
 * full tie the first in `results` (run and suite results come in seed order: the lowest seed).
 */
export function worstSeed(results: readonly RunResult[], strategy: string): RunResult | undefined {
  let worst: RunResult | undefined;
  for (const r of results) {
    if (r.strategy !== strategy) continue;
    if (worst === undefined || compareBadness(r, worst) > 0) worst = r;
  }
  return worst;
}

/** Positive when `a` is worse than `b`. */
function compareBadness(a: RunResult, b: RunResult): number {
  return wrongRecords(a) - wrongRecords(b) || Math.sign(lateness(a) - lateness(b)) || Number(a.failed !== null) - Number(b.failed !== null);
}

/**
 * The explanation of a strategy's worst run among `results` (null if the strategy has none),
 * simulated again with tracing from its scenario (found by name among `scenarios`). The traced
 * run must reproduce the result's fingerprint: otherwise the results come from another scenario
 * file or simulator version, and that is an error, not a quiet mismatch.
 */
export function explainWorst(scenarios: readonly Scenario[], results: readonly RunResult[], strategy: Strategy): string | null {
  const worst = worstSeed(results, strategy.id);
  return worst === undefined ? null : explainRun(scenarios, worst, strategy);
}

/** The explanation of one run of `results`, simulated again with tracing; its fingerprint must match. */
export function explainRun(scenarios: readonly Scenario[], worst: RunResult, strategy: Strategy): string {
  const sc = scenarios.find((s) => s.name === worst.scenario);
  if (sc === undefined) throw new Error(`explain: no scenario named '${worst.scenario}' among the ${scenarios.length} given`);
  const world = new SeedRun(sc, worst.seed);
  const job = world.job(strategy, { explain: true });
  if (job.trace.fingerprint !== worst.fingerprint) {
    throw new Error(`explain: seed ${worst.seed} of ${sc.name} with ${strategy.id} gives fingerprint ${job.trace.fingerprint}, the result says ${worst.fingerprint}`);
  }
  return explainJob(sc, worst.seed, strategy, job, world.initial);
}
