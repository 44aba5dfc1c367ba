import type { RunResult } from '../oracle/result.js';
import type { Constraints } from './decision-file.js';
import { formatNumber } from './format.js';
import { orderStrategies } from './matrix.js';
import { maxOf, percentile } from './stats.js';

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
  const worst = maxOf(hit.map(amount));
  return `${hit.length} of ${runs.length} runs ${what} (up to ${formatNumber(worst)} in one run); ${rule}`;
}

function failureReason(runs: readonly RunResult[]): string | null {
  const failed = runs.filter((r) => r.failed !== null);
  if (failed.length === 0) return null;
  return `${failed.length} of ${runs.length} runs failed (first: "${failed[0].failed}")`;
}

/** One constraint: its name, and why a set of runs breaks it (null when they meet it). */
interface Check {
  name: string;
  reason: (runs: readonly RunResult[]) => string | null;
}

function checksOf(constraints: Constraints, budget: number): Check[] {
  const out: Check[] = [{ name: 'the stop budget at p99', reason: (runs) => latencyReason(runs, constraints, budget) }];
  if (!constraints.allowMisses) out.push({ name: 'no misses', reason: (runs) => countReason(runs, (r) => r.misses, 'missed records still in the query', 'misses are not allowed') });
  if (!constraints.allowDuplicates) out.push({ name: 'no duplicates', reason: (runs) => countReason(runs, (r) => r.duplicates, 'wrote duplicate rows', 'duplicates are not allowed') });
  if (!constraints.allowFailures) out.push({ name: 'no failed runs', reason: failureReason });
  return out;
}

/** A scenario in which no strategy meets a constraint. */
export interface UnmetByAll {
  scenario: string;
  constraint: string;
}

/**
 * The (scenario, constraint) pairs that every strategy breaks (with two strategies or more): a
 * scenario beyond every strategy, such as a file copy longer than the budget, cannot tell the
 * strategies apart, so it rules none of them out; the decision states it as a finding instead.
 */
export function unmetByAll(results: readonly RunResult[], constraints: Constraints, budget: number): UnmetByAll[] {
  const strategies = orderStrategies(results.map((r) => r.strategy));
  if (strategies.length < 2) return [];
  const checks = checksOf(constraints, budget);
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  return scenarios.flatMap((scenario) => {
    const runsOf = strategies.map((s) => results.filter((r) => r.strategy === s && r.scenario === scenario));
    return checks.filter((check) => runsOf.every((runs) => check.reason(runs) !== null)).map((check) => ({ scenario, constraint: check.name }));
  });
}

/**
 * Which strategies the constraints rule out whatever the weights, and why, over every scenario
 * except those no strategy meets the constraint in (`unmet`, as unmetByAll gives it; a caller
 * that has it already passes it in). Misses here are the records still in the query at the end
 * that never reached the file (RunResult.misses): a record deleted or gone from the query before
 * it was exported (missesGone) is not lost data, so it counts neither here nor in the misses
 * criterion.
 */
export function checkConstraints(
  results: readonly RunResult[],
  constraints: Constraints,
  budget: number,
  unmet: readonly UnmetByAll[] = unmetByAll(results, constraints, budget),
): ConstraintVerdict[] {
  const checks = checksOf(constraints, budget);
  const beyondAll = checks.map((check) => new Set(unmet.filter((u) => u.constraint === check.name).map((u) => u.scenario)));
  return orderStrategies(results.map((r) => r.strategy)).map((strategy) => {
    const own = results.filter((r) => r.strategy === strategy);
    const reasons = checks.flatMap((check, i) => {
      const runs = own.filter((r) => !beyondAll[i].has(r.scenario));
      const reason = runs.length === 0 ? null : check.reason(runs);
      return reason === null ? [] : [reason];
    });
    return { strategy, feasible: reasons.length === 0, reasons };
  });
}
