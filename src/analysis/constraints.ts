import type { RunResult } from '../oracle/result.js';
import type { Constraints } from './decision-file.js';
import { countOf, formatNumber } from './format.js';
import { orderStrategies } from './matrix.js';
import { maxOf, percentile } from './stats.js';

export interface ConstraintVerdict {
  strategy: string;
  /** Ranked: it breaks no more scenario × constraint pairs than any other strategy (see checkConstraints). */
  feasible: boolean;
  /**
   * What it breaks, one sentence per broken constraint with the numbers (and the scenarios, when
   * not all); empty when it meets every constraint in every scenario.
   */
  reasons: string[];
  /** The scenario × constraint pairs it breaks. */
  broken: BrokenConstraint[];
  /** Per broken constraint: its name, and the reason in short (scenarios and the example of a failure message left out). */
  byConstraint: { constraint: string; reason: string }[];
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
    return `p99 stop latency: ${countOf(killed, timed, 'stop')} ended with the platform killing the agent (a kill is not a drain-stop)`;
  }
  return `p99 stop latency ${formatNumber(p99)} s is ${formatNumber(p99 - budget)} s over the ${formatNumber(budget)} s budget (allowed: ${formatNumber(constraints.maxP99LatencyOverBudget)} s over)`;
}

function countReason(runs: readonly RunResult[], amount: (r: RunResult) => number, what: string, rule: string): string | null {
  const hit = runs.filter((r) => amount(r) > 0);
  if (hit.length === 0) return null;
  const worst = maxOf(hit.map(amount));
  return `${countOf(hit.length, runs.length, 'run')} ${what} (up to ${formatNumber(worst)} in one run); ${rule}`;
}

function failureReason(runs: readonly RunResult[]): Reason | null {
  const failed = runs.filter((r) => r.failed !== null);
  if (failed.length === 0) return null;
  return { reason: `${countOf(failed.length, runs.length, 'run')} failed`, example: failed[0].failed! };
}

/** Why runs break a constraint, and an example (a failure message) shown after it in full text. */
type Reason = string | { reason: string; example: string };
const shortText = (r: Reason) => (typeof r === 'string' ? r : r.reason);
const fullText = (r: Reason) => (typeof r === 'string' ? r : `${r.reason} (first: "${r.example}")`);

/** One constraint: its name, and why a set of runs breaks it (null when they meet it). */
interface Check {
  name: string;
  reason: (runs: readonly RunResult[]) => Reason | null;
}

function checksOf(constraints: Constraints, budget: number): Check[] {
  const out: Check[] = [{ name: BUDGET_CONSTRAINT, reason: (runs) => latencyReason(runs, constraints, budget) }];
  if (!constraints.allowMisses) out.push({ name: 'no misses', reason: (runs) => countReason(runs, (r) => r.misses, 'missed records still in the query', 'misses are not allowed') });
  if (!constraints.allowDuplicates) out.push({ name: 'no duplicates', reason: (runs) => countReason(runs, (r) => r.duplicates, 'wrote duplicate rows', 'duplicates are not allowed') });
  if (!constraints.allowFailures) out.push({ name: 'no failed runs', reason: failureReason });
  return out;
}

/** The constraints a set of runs breaks (say, one point's runs of one strategy), by name. */
export function brokenBy(runs: readonly RunResult[], constraints: Constraints, budget: number): string[] {
  return checksOf(constraints, budget).filter((check) => check.reason(runs) !== null).map((check) => check.name);
}

/** Every constraint the decision file sets, by name. */
export function constraintNames(constraints: Constraints, budget: number): string[] {
  return checksOf(constraints, budget).map((check) => check.name);
}

/** One constraint broken in one scenario. */
export interface BrokenConstraint {
  scenario: string;
  constraint: string;
}

/** A scenario in which no strategy meets a constraint. */
export type UnmetByAll = BrokenConstraint;

/** The budget constraint's name (the p99 stop latency criterion leaves out the scenarios where the ranked strategies break it). */
export const BUDGET_CONSTRAINT = 'the stop budget at p99';

/** Runs by strategy (in orderStrategies order), then by scenario (first-seen order): grouped once for every check. */
function byStrategyAndScenario(results: readonly RunResult[]): Map<string, Map<string, RunResult[]>> {
  const grouped = new Map<string, Map<string, RunResult[]>>(orderStrategies(results.map((r) => r.strategy)).map((s) => [s, new Map()]));
  for (const run of results) {
    const byScenario = grouped.get(run.strategy)!;
    const runs = byScenario.get(run.scenario);
    if (runs) runs.push(run);
    else byScenario.set(run.scenario, [run]);
  }
  return grouped;
}

/** "in a and b: " when a constraint is broken in some of the scenarios only; nothing when in all of them. */
function scenariosText(broken: readonly string[], all: number): string {
  if (broken.length === all) return '';
  const shown = broken.length > 3 ? `${broken.slice(0, 3).join(', ')} and ${broken.length - 3} more` : broken.join(broken.length === 2 ? ' and ' : ', ');
  return `in ${shown}: `;
}

/**
 * Every strategy's verdict. A strategy breaks a constraint in a scenario when its own runs of that
 * scenario break it (the budget: the p99 of the scenario's stops; misses, duplicates, failures: any
 * run). Strategies are ranked when they break the fewest scenario × constraint pairs: none, when
 * some strategy meets every constraint everywhere (the usual case: exactly the strategies meeting
 * every constraint); else as few as any strategy does, as in a scenario beyond every strategy, such
 * as a file copy longer than the budget. Each verdict rests on the strategy's own runs and on the
 * fewest pairs any strategy breaks, so adding or removing a ruled-out strategy (one that breaks
 * more) never changes the verdict on another: the choice cannot hinge on an irrelevant alternative
 * (such as status quo, which ignores the stop and so finishes before the kill where every
 * strategy that stops is killed). Misses here are the records still in the query at the end that
 * never reached the file (RunResult.misses): a record deleted or gone from the query before it was
 * exported (missesGone) is not lost data, so it counts neither here nor in the misses criterion.
 */
export function checkConstraints(results: readonly RunResult[], constraints: Constraints, budget: number): ConstraintVerdict[] {
  const checks = checksOf(constraints, budget);
  const verdicts = [...byStrategyAndScenario(results)].map(([strategy, byScenario]) => {
    const broken: BrokenConstraint[] = [];
    const byConstraint: { constraint: string; reason: string }[] = [];
    const reasons = checks.flatMap((check) => {
      const where = [...byScenario].filter(([, runs]) => check.reason(runs) !== null).map(([scenario]) => scenario);
      if (where.length === 0) return [];
      for (const scenario of where) broken.push({ scenario, constraint: check.name });
      const runs = where.flatMap((scenario) => byScenario.get(scenario)!);
      const reason = check.reason(runs) ?? check.reason(byScenario.get(where[0])!)!;
      byConstraint.push({ constraint: check.name, reason: shortText(reason) });
      return [`${scenariosText(where, byScenario.size)}${fullText(reason)}`];
    });
    return { strategy, feasible: false, reasons, broken, byConstraint };
  });
  let fewest = Infinity;
  for (const v of verdicts) fewest = Math.min(fewest, v.broken.length);
  for (const v of verdicts) v.feasible = v.broken.length === fewest;
  return verdicts;
}

/**
 * The (scenario, constraint) pairs every strategy breaks (with two strategies or more): a finding
 * of its own (no strategy can meet the constraint there), stated in the decision; it rules nothing
 * in or out (checkConstraints does).
 */
export function unmetByAll(verdicts: readonly ConstraintVerdict[]): UnmetByAll[] {
  if (verdicts.length < 2) return [];
  const key = (b: BrokenConstraint) => `${b.scenario}\u0000${b.constraint}`;
  const sets = verdicts.map((v) => new Set(v.broken.map(key)));
  return verdicts[0].broken.filter((b) => sets.every((set) => set.has(key(b))));
}

/** Scenarios in which a ranked strategy breaks the budget: the stop latency criterion leaves them out (their stops end at the kill). */
export function budgetExcused(verdicts: readonly ConstraintVerdict[]): Set<string> {
  return new Set(verdicts.filter((v) => v.feasible).flatMap((v) => v.broken.filter((b) => b.constraint === BUDGET_CONSTRAINT).map((b) => b.scenario)));
}
