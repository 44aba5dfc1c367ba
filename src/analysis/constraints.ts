import type { RunResult } from '../oracle/result.js';
import type { Constraints } from './decision-file.js';
import { formatNumber } from './format.js';
import { orderStrategies } from './matrix.js';
import { percentile } from './stats.js';

export interface ConstraintVerdict {
  strategy: string;
  feasible: boolean;
  /** Why it is ruled out, one sentence per broken constraint, with the numbers; empty when feasible. */
  reasons: string[];
}

/**
 * The p99 stop latency used against the budget: a stop ended by the platform killing the agent
 * counts as infinitely late, since a kill is not a drain-stop even when it lands on the budget.
 */
export function p99LatencyForBudget(runs: readonly RunResult[]): { p99: number; timed: number; killed: number } {
  const stops = runs.flatMap((r) => r.stops).filter((s) => s.latencySeconds !== null);
  const latencies = stops.map((s) => (s.hardKilled ? Infinity : s.latencySeconds!));
  return { p99: percentile(latencies, 0.99), timed: stops.length, killed: stops.filter((s) => s.hardKilled).length };
}

function latencyReason(runs: readonly RunResult[], constraints: Constraints, budget: number): string | null {
  const { p99, timed, killed } = p99LatencyForBudget(runs);
  if (p99 - budget <= constraints.maxP99LatencyOverBudget) return null;
  if (p99 === Infinity) {
    return `p99 stop latency: ${killed} of ${timed} stops ended with the platform killing the agent (a kill is not a drain-stop)`;
  }
  return `p99 stop latency ${formatNumber(p99)} s is ${formatNumber(p99 - budget)} s over the ${formatNumber(budget)} s budget (allowed: ${formatNumber(constraints.maxP99LatencyOverBudget)} s over)`;
}

function countReason(runs: readonly RunResult[], amount: (r: RunResult) => number, what: string, rule: string): string | null {
  const hit = runs.filter((r) => amount(r) > 0);
  if (hit.length === 0) return null;
  const worst = Math.max(...hit.map(amount));
  return `${hit.length} of ${runs.length} runs ${what} (up to ${formatNumber(worst)} in one run); ${rule}`;
}

function failureReason(runs: readonly RunResult[]): string | null {
  const failed = runs.filter((r) => r.failed !== null);
  if (failed.length === 0) return null;
  return `${failed.length} of ${runs.length} runs failed (first: "${failed[0].failed}")`;
}

/**
 * Which strategies the constraints rule out whatever the weights, and why. Misses here are the
 * records still in the query at the end that never reached the file (RunResult.misses): a record
 * deleted or gone from the query before it was exported (missesGone) is not lost data, so it
 * counts neither here nor in the misses criterion.
 */
export function checkConstraints(results: readonly RunResult[], constraints: Constraints, budget: number): ConstraintVerdict[] {
  return orderStrategies(results.map((r) => r.strategy)).map((strategy) => {
    const runs = results.filter((r) => r.strategy === strategy);
    const reasons = [
      latencyReason(runs, constraints, budget),
      constraints.allowMisses ? null : countReason(runs, (r) => r.misses, 'missed records still in the query', 'misses are not allowed'),
      constraints.allowDuplicates ? null : countReason(runs, (r) => r.duplicates, 'wrote duplicate rows', 'duplicates are not allowed'),
      constraints.allowFailures ? null : failureReason(runs),
    ].filter((reason): reason is string => reason !== null);
    return { strategy, feasible: reasons.length === 0, reasons };
  });
}
