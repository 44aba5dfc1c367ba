import type { CriterionSpec } from './decision-file.js';
import type { Matrix } from './matrix.js';
import { maxOf, minOf } from './stats.js';

export type Method = 'weighted-sum' | 'topsis';

/** Scores this close are equal: they share a rank and are marked as a tie. */
export const TIE_TOLERANCE = 1e-12;

/** How each criterion of a matrix counts; every matrix criterion needs one. */
export type Specs = Readonly<Record<string, CriterionSpec | undefined>>;

export interface RankedStrategy {
  strategy: string;
  /** Higher is better: weighted sum (in [0, 1] within the ranges), or TOPSIS closeness in [0, 1]. */
  score: number;
  /** Competition ranking: tied strategies share the best rank of their group (1, 1, 3). */
  rank: number;
  /** Shares its rank with another strategy. */
  tie: boolean;
}

export interface Ranking {
  method: Method;
  /** Best first; tied strategies in matrix order. */
  entries: RankedStrategy[];
  /** Criteria on which every strategy has the same value: they cannot separate strategies and contribute nothing. */
  inertCriteria: string[];
}

/** A pair the two methods order the opposite way (ties are not reversals). */
export interface RankReversal {
  preferredByFirst: string;
  preferredBySecond: string;
}

/** The strategy's entry in a ranking. */
export function entryOf(ranking: Ranking, strategy: string): RankedStrategy {
  return ranking.entries.find((e) => e.strategy === strategy)!;
}

function specOf(specs: Specs, criterion: string): CriterionSpec {
  const spec = specs[criterion];
  if (spec === undefined) throw new Error(`no weight, direction and scale given for criterion ${criterion}`);
  return spec;
}

/**
 * The log scale for criteria spanning orders of magnitude: log(1 + x), mirrored for negative
 * values (sign(x) · log(1 + |x|)) so that any criterion a decision file declares stays monotone
 * (the measured ones are never negative). 0 stays 0.
 */
function signedLog(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}

/** The matrix with log-scaled criteria mapped through signedLog. */
export function scaledValues(matrix: Matrix, specs: Specs): number[][] {
  const log = matrix.criteria.map((c) => specOf(specs, c).scale === 'log');
  return matrix.values.map((row) => row.map((x, j) => (log[j] ? signedLog(x) : x)));
}

function columnRange(values: number[][], j: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const row of values) {
    min = Math.min(min, row[j]);
    max = Math.max(max, row[j]);
  }
  return { min, max };
}

const allEqual = ({ min, max }: { min: number; max: number }) => max - min <= TIE_TOLERANCE * Math.max(1, Math.abs(min), Math.abs(max));

/** Criteria (after scaling) on which all strategies are equal. */
export function inertCriteria(matrix: Matrix, specs: Specs): string[] {
  const values = scaledValues(matrix, specs);
  return matrix.criteria.filter((_, j) => values.length === 0 || allEqual(columnRange(values, j)));
}

/** Weights divided by their sum, so scores stay in [0, 1] whatever the scale of the given weights. */
export function normalisedWeights(matrix: Matrix, specs: Specs): number[] {
  const weights = matrix.criteria.map((c) => specOf(specs, c).weight);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new Error('no criterion has a weight > 0');
  return weights.map((w) => w / total);
}

/** Every criterion has a declared range (decision analyses always do; a bare matrix may not). */
const allRanged = (matrix: Matrix, specs: Specs) => matrix.criteria.every((c) => specOf(specs, c).range !== undefined);

/**
 * Per criterion, the (scaled) values that score 1 and 0: the declared range when the spec has one,
 * else the best and worst value of the column (min-max over the strategies of the matrix).
 */
function normalisationBounds(matrix: Matrix, specs: Specs, values: number[][]): { best: number; worst: number }[] {
  return matrix.criteria.map((c, j) => {
    const spec = specOf(specs, c);
    const { min, max } = spec.range
      ? { min: spec.scale === 'log' ? signedLog(spec.range[0]) : spec.range[0], max: spec.scale === 'log' ? signedLog(spec.range[1]) : spec.range[1] }
      : columnRange(values, j);
    return spec.direction === 'max' ? { best: max, worst: min } : { best: min, worst: max };
  });
}

/**
 * Each strategy's goodness per criterion: 1 at the best end of the criterion's range, 0 at the
 * worst, linear between (beyond a declared range it goes above 1 or below 0: the size of a
 * difference keeps counting). An empty range (all equal, without a declared one) gives 0.
 */
export function goodness(matrix: Matrix, specs: Specs): number[][] {
  const values = scaledValues(matrix, specs);
  const bounds = normalisationBounds(matrix, specs, values);
  return values.map((row) =>
    row.map((x, j) => {
      const { best, worst } = bounds[j];
      return allEqual({ min: Math.min(best, worst), max: Math.max(best, worst) }) ? 0 : (x - worst) / (best - worst);
    }),
  );
}

/**
 * Weighted sum of normalised criteria (goodness), weights divided by their sum. With declared
 * ranges each strategy's score rests on its own values only; without, criteria are min-max
 * normalised over the matrix's strategies (best 1, worst 0, an all-equal criterion 0 for everyone).
 */
export function weightedSumScores(matrix: Matrix, specs: Specs): number[] {
  return weightedSumTerms(matrix, specs).map((terms) => terms.reduce((score, term) => score + term, 0));
}

/**
 * Each strategy's weighted-sum terms, one per criterion: normalised weight × goodness. A score is
 * the sum of its row; the difference of two rows says which criteria put one strategy ahead of the
 * other, and by how much.
 */
export function weightedSumTerms(matrix: Matrix, specs: Specs): number[][] {
  const weights = normalisedWeights(matrix, specs);
  return goodness(matrix, specs).map((row) => row.map((g, j) => weights[j] * g));
}

/**
 * TOPSIS closeness d- / (d+ + d-) of each strategy to the ideal (d+) and the anti-ideal (d-).
 * With declared ranges (every criterion has one): on the weighted goodness, the ideal being the
 * best end of every range and the anti-ideal the worst, so a strategy's closeness rests on its own
 * values only. Without: columns divided by their Euclidean norm and weighted, the ideal and
 * anti-ideal the best and worst value per criterion among the matrix's strategies, all-equal
 * criteria left out as in the weighted sum; when every strategy is identical all get 0.5.
 */
export function topsisScores(matrix: Matrix, specs: Specs): number[] {
  const weights = normalisedWeights(matrix, specs);
  const distance = (row: number[], to: number[]) => Math.sqrt(row.reduce((sum, v, k) => sum + (v - to[k]) ** 2, 0));
  const closeness = (weighted: number[][], best: number[], worst: number[]) =>
    weighted.map((row) => {
      const toBest = distance(row, best);
      const toWorst = distance(row, worst);
      return toBest + toWorst === 0 ? 0.5 : toWorst / (toBest + toWorst);
    });
  if (allRanged(matrix, specs)) {
    return closeness(goodness(matrix, specs).map((row) => row.map((g, j) => weights[j] * g)), weights, weights.map(() => 0));
  }
  const values = scaledValues(matrix, specs);
  const inert = new Set(inertCriteria(matrix, specs));
  const active = matrix.criteria.map((c, j) => [c, j] as const).filter(([c]) => !inert.has(c));
  const weighted = values.map((row) =>
    active.map(([, j]) => {
      const norm = Math.sqrt(values.reduce((sum, r) => sum + r[j] ** 2, 0));
      return (weights[j] * row[j]) / norm;
    }),
  );
  const column = (k: number) => weighted.map((row) => row[k]);
  const best = active.map(([c], k) => (specOf(specs, c).direction === 'max' ? maxOf(column(k)) : minOf(column(k))));
  const worst = active.map(([c], k) => (specOf(specs, c).direction === 'max' ? minOf(column(k)) : maxOf(column(k))));
  return closeness(weighted, best, worst);
}

/** Ranks scores (higher is better); scores within TIE_TOLERANCE of their group's best share its rank. */
export function rankScores(strategies: readonly string[], scores: readonly number[]): RankedStrategy[] {
  const order = strategies.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const entries: RankedStrategy[] = [];
  let groupTop = Infinity;
  let groupRank = 0;
  order.forEach((i, position) => {
    if (groupTop - scores[i] > TIE_TOLERANCE) {
      groupTop = scores[i];
      groupRank = position + 1;
    }
    entries.push({ strategy: strategies[i], score: scores[i], rank: groupRank, tie: false });
  });
  for (const entry of entries) entry.tie = entries.filter((e) => e.rank === entry.rank).length > 1;
  return entries;
}

export function rankWeightedSum(matrix: Matrix, specs: Specs): Ranking {
  return { method: 'weighted-sum', entries: rankScores(matrix.strategies, weightedSumScores(matrix, specs)), inertCriteria: inertCriteria(matrix, specs) };
}

export function rankTopsis(matrix: Matrix, specs: Specs): Ranking {
  return { method: 'topsis', entries: rankScores(matrix.strategies, topsisScores(matrix, specs)), inertCriteria: inertCriteria(matrix, specs) };
}

/** Strategies sharing rank 1. */
export function winners(ranking: Ranking): string[] {
  return ranking.entries.filter((e) => e.rank === 1).map((e) => e.strategy);
}

/** Pairs of strategies that one ranking puts strictly above the other and the second strictly below. */
export function rankReversals(first: Ranking, second: Ranking): RankReversal[] {
  const rankIn = (ranking: Ranking, strategy: string) => ranking.entries.find((e) => e.strategy === strategy)?.rank ?? NaN;
  const strategies = first.entries.map((e) => e.strategy);
  const reversals: RankReversal[] = [];
  for (const a of strategies) {
    for (const b of strategies) {
      if (rankIn(first, a) < rankIn(first, b) && rankIn(second, a) > rankIn(second, b)) {
        reversals.push({ preferredByFirst: a, preferredBySecond: b });
      }
    }
  }
  return reversals;
}
