import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { decidableRuns, type LeftOut } from './applicable.js';
import { budgetExcused, checkConstraints, unmetByAll, type ConstraintVerdict, type UnmetByAll } from './constraints.js';
import { CRITERIA, type Decision } from './decision-file.js';
import { estimatedInputs, type EstimatedInputs } from './estimated.js';
import { listOf } from './format.js';
import { buildMatrix, groupRuns, runMatrices, selectStrategies, type DecisionMatrix } from './matrix.js';
import { paretoFront, paretoPoints, type ParetoPoint, type ParetoResult } from './pareto.js';
import { criterionRanges, rangedSpecs, type CriterionRange } from './ranges.js';
import { entryOf, rankReversals, rankTopsis, rankWeightedSum, TIE_TOLERANCE, winners, type Ranking, type RankReversal } from './rank.js';
import { regretTable, type RegretRow } from './regret.js';
import { bootstrapDecision, type Uncertainty } from './seed-bootstrap.js';
import { winShares, type Stability } from './stability.js';

/**
 * The decision analysis of a suite's runs: constraints, both rankings, stability, regret, the
 * Pareto front and the choice. Pure data; src/report renders it (decision.md, the report).
 */

export interface Choice {
  kind: 'chosen' | 'tie' | 'none';
  /** The chosen strategy, the tied ones, or none. */
  strategies: string[];
  /** How it was reached, in words. */
  rule: string;
}

/** Everything decision.md says, computed from the runs and the decision file. */
export interface DecisionAnalysis {
  decision: Decision;
  /** The scenario × seed runs every number rests on, by scenario (sorted). */
  runs: { scenario: string; seeds: number[] }[];
  /** Scenarios left out because they turn off IAPI capabilities some strategy needs. */
  leftOut: LeftOut[];
  /** Every strategy on the decision's criteria. */
  matrix: DecisionMatrix;
  /** The range each criterion is normalised on, and where it comes from. */
  ranges: CriterionRange[];
  /** Scenarios the p99 stop latency criterion leaves out: the ranked strategies break the budget there (stops ended by the kill). */
  latencyLeftOut: string[];
  verdicts: ConstraintVerdict[];
  /** Scenario × constraint pairs no strategy meets (a finding: no strategy can meet them there). */
  unmet: UnmetByAll[];
  /** The strategies ranked: those breaking the fewest scenario × constraint pairs (none, when one meets them all); for reference only when they break different ones (choice none). */
  ranked: string[];
  weightedSum: Ranking;
  topsis: Ranking;
  /** Pairs the weighted sum and TOPSIS order the opposite way (first = weighted sum). */
  reversals: RankReversal[];
  stability: { weightedSum: Stability; topsis: Stability };
  regret: RegretRow[];
  /** Bootstrap over seeds: an interval per measured cell of the matrix, and the ranked strategies' share of resamples won. */
  uncertainty: Uncertainty;
  /** How much the estimated criteria (iapiChanges, effort) decide: the choice without them and the smallest change of each that flips it. */
  estimated: EstimatedInputs;
  paretoPoints: ParetoPoint[];
  pareto: ParetoResult;
  choice: Choice;
}

const near = (a: number, b: number) => Math.abs(a - b) <= TIE_TOLERANCE;
/** Equal up to rounding, whatever the magnitude (bytes, seconds). */
export const same = (a: number, b: number) => Math.abs(a - b) <= TIE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
/** The strategy's row of the regret table. */
export const regretOf = (regret: readonly RegretRow[], strategy: string) => regret.find((r) => r.strategy === strategy)!;

/** The candidates left after keeping those within TIE_TOLERANCE of the best by `score` (higher is better). */
export function bestBy(candidates: readonly string[], score: (s: string) => number): string[] {
  const top = Math.max(...candidates.map(score));
  return candidates.filter((s) => near(score(s), top));
}

/** The rule of a choice that needed no tie-break. */
export const PLAIN_RULE = 'rank 1 by weighted sum';

/**
 * The choice: rank 1 by weighted sum, the primary method because each score is a plain sum of
 * visible weight × normalised value. A tie there is broken by TOPSIS closeness, then by the
 * lower maximum regret; what is still tied is reported as a tie, not decided arbitrarily.
 */
export function chooseStrategy(weightedSum: Ranking, topsis: Ranking, regret: readonly RegretRow[], decidable: boolean): Choice {
  if (!decidable) return { kind: 'none', strategies: [], rule: 'no strategy meets the constraints' };
  const first = winners(weightedSum);
  if (first.length === 1) return { kind: 'chosen', strategies: first, rule: PLAIN_RULE };
  const byTopsis = bestBy(first, (s) => entryOf(topsis, s).score);
  if (byTopsis.length === 1) {
    return { kind: 'chosen', strategies: byTopsis, rule: `weighted-sum tie of ${listOf(first)} broken by TOPSIS closeness` };
  }
  const byRegret = bestBy(byTopsis, (s) => -regretOf(regret, s).maxRegret);
  if (byRegret.length === 1) {
    return { kind: 'chosen', strategies: byRegret, rule: `weighted-sum and TOPSIS tie of ${listOf(byTopsis)} broken by the lower maximum regret` };
  }
  return { kind: 'tie', strategies: byRegret, rule: 'tied on weighted sum, TOPSIS closeness and maximum regret' };
}

/** The half of the analysis the choice rests on: the constraints, the ranges, both rankings and regret. */
function rankAndChoose(results: readonly RunResult[], decision: Decision, scenarios: readonly Scenario[]) {
  if (results.length === 0) throw new Error('results: no runs to analyse');
  const criteria = CRITERIA.filter((c) => decision.criteria[c] !== undefined);
  const grid = groupRuns(results);
  const verdicts = checkConstraints(results, decision.constraints, decision.budget);
  const unmet = unmetByAll(verdicts);
  const ranked = verdicts.filter((v) => v.feasible).map((v) => v.strategy);
  // The ranked strategies break the same pairs (none, usually): those are beyond each of the best,
  // and the weights choose. Breaking different ones, each fails where another does not: no choice.
  const breaches = new Set(verdicts.filter((v) => v.feasible).map((v) => v.broken.map((b) => `${b.scenario}\u0000${b.constraint}`).join('\u0001')));
  const meetsAll = verdicts.filter((v) => v.feasible && v.broken.length === 0).map((v) => v.strategy);
  const ranges = criterionRanges(grid, scenarios, decision);
  const specs = rangedSpecs(decision, ranges);
  const latencyLeftOut = budgetExcused(verdicts);
  const matrix = buildMatrix(grid, criteria, decision, latencyLeftOut);
  const rankedMatrix = selectStrategies(matrix, ranked);
  const weightedSum = rankWeightedSum(rankedMatrix, specs);
  const topsis = rankTopsis(rankedMatrix, specs);
  const runs = runMatrices(grid, criteria, decision).map((run) => ({ ...run, matrix: selectStrategies(run.matrix, ranked) }));
  const regret = regretTable(runs, specs);
  const choice = chooseStrategy(weightedSum, topsis, regret, breaches.size === 1);
  return { grid, matrix, unmet, verdicts, meetsAll, ranges, specs, latencyLeftOut, ranked, rankedMatrix, weightedSum, topsis, regret, choice };
}

/** What the decision file makes of a set of runs without the reporting extras: the choice, its margin, and the verdicts. */
export interface DecisionOutcome {
  choice: Choice;
  /** The strategies that meet every constraint in every scenario. */
  feasible: string[];
  verdicts: ConstraintVerdict[];
  /** Weighted-sum score of rank 1 minus the next strategy's; null with one ranked strategy. */
  margin: number | null;
}

/**
 * The choice the decision file makes from the runs: all a decision-map cell or an assumption's
 * alternative shows, without the weight draws, bootstrap, Pareto front and reversals that only
 * decision.md reports.
 */
export function decisionOutcome(results: readonly RunResult[], decision: Decision, scenarios: readonly Scenario[] = []): DecisionOutcome {
  const { choice, meetsAll, verdicts, weightedSum } = rankAndChoose(results, decision, scenarios);
  const [first, next] = weightedSum.entries;
  return { choice, feasible: meetsAll, verdicts, margin: next === undefined ? null : first.score - next.score };
}

/** What the decision file chooses from the runs, and the strategies that meet its every constraint (a decision-map cell). */
export function decisionChoice(results: readonly RunResult[], decision: Decision, scenarios: readonly Scenario[] = []): { choice: Choice; feasible: string[] } {
  const { choice, feasible } = decisionOutcome(results, decision, scenarios);
  return { choice, feasible };
}

/** Runs every analysis of the decision file on the results. Pure: the caller writes the file. */
export function analyseDecision(all: readonly RunResult[], decision: Decision, scenarios: readonly Scenario[] = []): DecisionAnalysis {
  const { results, leftOut } = decidableRuns(all, scenarios);
  const { grid, matrix, unmet, verdicts, ranges, specs, latencyLeftOut, ranked, rankedMatrix, weightedSum, topsis, regret, choice } = rankAndChoose(results, decision, scenarios);
  const points = paretoPoints(buildMatrix(grid, ['duplicates', 'misses', 'p99StopLatency', 'rerunSeconds'], decision, latencyLeftOut));
  return {
    decision,
    runs: [...grid].map(([scenario, bySeed]) => ({ scenario, seeds: [...bySeed.keys()] })),
    leftOut,
    matrix,
    ranges,
    latencyLeftOut: [...latencyLeftOut],
    verdicts,
    unmet,
    ranked,
    weightedSum,
    topsis,
    reversals: rankReversals(weightedSum, topsis),
    stability: {
      weightedSum: winShares(rankedMatrix, specs, decision.stability, 'weighted-sum'),
      topsis: winShares(rankedMatrix, specs, decision.stability, 'topsis'),
    },
    regret,
    uncertainty: bootstrapDecision(grid, matrix, ranked, specs, decision.uncertainty, latencyLeftOut),
    estimated: estimatedInputs(rankedMatrix, specs),
    paretoPoints: points,
    pareto: paretoFront(points),
    choice,
  };
}

/** The feasible strategies needing the fewest IAPI changes, then the least effort (the record's "least invading"). */
export function leastInvading(a: DecisionAnalysis): string[] {
  const withInputs = a.ranked.filter((s) => a.decision.inputs[s as keyof Decision['inputs']] !== undefined);
  if (withInputs.length === 0 || a.choice.kind === 'none') return [];
  const input = (s: string) => a.decision.inputs[s as keyof Decision['inputs']]!;
  const fewest = bestBy(withInputs, (s) => -input(s).iapiChanges);
  return bestBy(fewest, (s) => -input(s).effort);
}
