import { p99LatencyForBudget } from '../analysis/constraints.js';
import { mean, percentile } from '../analysis/stats.js';
import type { RunResult } from '../oracle/result.js';
import type { Capability, Scenario } from '../scenario/types.js';
import { strategyById } from '../strategies/registry.js';
import { missingCapabilities } from '../strategies/strategy.js';

/** One metric of the comparison table: a number per run (null: the run has none, e.g. no stop found the job running). */
interface Metric {
  label: string;
  of: (r: RunResult) => number | null;
}

/** The slowest stop of a run that found the job running (a killed stop counts with its latency here). */
export function slowestStop(r: RunResult): number | null {
  const timed = r.stops.flatMap((s) => (s.latencySeconds === null ? [] : [s.latencySeconds]));
  return timed.length === 0 ? null : Math.max(...timed);
}

/** Stops of a run that the platform ended by killing the agent. */
export function killedStops(r: RunResult): number {
  return r.stops.filter((s) => s.hardKilled).length;
}

/** The rows of each scenario's comparison table, in the order of the README's metrics. */
export const METRICS: readonly Metric[] = [
  { label: 'duplicate rows', of: (r) => r.duplicates },
  { label: 'misses (in S0 and in the query at the end)', of: (r) => r.misses },
  { label: 'misses gone (deleted or left the query)', of: (r) => r.missesGone },
  { label: 'newcomers not exported', of: (r) => r.missedNewcomers },
  { label: 'phantoms (not in S0)', of: (r) => r.phantoms },
  { label: 'stale versions', of: (r) => r.stale },
  { label: 'slowest stop (s)', of: slowestStop },
  { label: 'stops ended by a kill', of: killedStops },
  { label: 'rerun time (s)', of: (r) => r.rerunSeconds },
  { label: 'documents exported again', of: (r) => r.reexportedDocs },
  { label: 'agent busy (s)', of: (r) => r.busySeconds },
  { label: 'completed at (s)', of: (r) => r.completionSeconds },
  { label: 'IAPI export runs', of: (r) => r.exportRuns },
  { label: 'largest JobDetails (bytes)', of: (r) => r.jobDetailsMaxBytes },
  { label: 'temp table held (s)', of: (r) => r.tempTableRetainedSeconds },
  { label: 'temp table held (row-seconds)', of: (r) => r.tempTableRowSeconds },
  { label: 'temp tables left', of: (r) => r.tempTablesLeft },
  { label: 'fallbacks to a restart', of: (r) => r.fallbacks },
  { label: 'load file read to resume (s)', of: (r) => r.loadFileReadSeconds },
  { label: "other jobs' files deleted", of: (r) => r.collateralDeletes },
  { label: 'orphan files', of: (r) => r.orphanFiles },
  { label: 'statistics went down', of: (r) => r.statsRegressions },
];

/** Mean, 95th percentile (nearest rank) and maximum over the runs that have the value. */
export interface Spread {
  mean: number;
  p95: number;
  max: number;
  /** Runs that have the value. */
  n: number;
}

export function spread(values: readonly (number | null)[]): Spread | null {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return null;
  return { mean: mean(xs), p95: percentile(xs, 0.95), max: Math.max(...xs), n: xs.length };
}

/** The verdict of one strategy in one scenario. */
export interface Verdict {
  /** p99 stop latency with a kill counted as infinitely late; null when no stop found the job running. */
  p99: number | null;
  timedStops: number;
  killedStops: number;
  withinBudget: boolean | null;
  maxDuplicates: number;
  maxMisses: number;
  failedRuns: number;
  firstFailure: string | null;
  /** IAPI capabilities the strategy needs, and those of them this scenario turns off. */
  needs: readonly Capability[];
  unavailable: Capability[];
}

export interface StrategyStats {
  strategy: string;
  runs: RunResult[];
  /** One per METRICS row. */
  metrics: (Spread | null)[];
  verdict: Verdict;
}

export function verdictOf(sc: Scenario, strategy: string, runs: readonly RunResult[]): Verdict {
  const { p99, timed, killed } = p99LatencyForBudget(runs);
  const failed = runs.filter((r) => r.failed !== null);
  const known = strategyById(strategy);
  return {
    p99: timed === 0 ? null : p99,
    timedStops: timed,
    killedStops: killed,
    withinBudget: timed === 0 ? null : p99 <= sc.budget,
    maxDuplicates: Math.max(0, ...runs.map((r) => r.duplicates)),
    maxMisses: Math.max(0, ...runs.map((r) => r.misses)),
    failedRuns: failed.length,
    firstFailure: failed[0]?.failed ?? null,
    needs: known.needs,
    unavailable: missingCapabilities(known, sc.iapi),
  };
}

/** Every strategy's statistics over the seeds of one scenario, in the given strategy order. */
export function scenarioStats(sc: Scenario, results: readonly RunResult[], strategies: readonly string[]): StrategyStats[] {
  return strategies.map((strategy) => {
    const runs = results.filter((r) => r.scenario === sc.name && r.strategy === strategy);
    return { strategy, runs, metrics: METRICS.map((m) => spread(runs.map(m.of))), verdict: verdictOf(sc, strategy, runs) };
  });
}

