import type { CriterionSpec } from './decision-file.js';
import type { Matrix } from './matrix.js';

export type Method = 'weighted-sum' | 'topsis';

/** Scores this close are equal: they share a rank and are marked as a tie. */
export const TIE_TOLERANCE = 1e-12;

/** How each criterion of a matrix counts; every matrix criterion needs one. */
export type Specs = Readonly<Record<string, CriterionSpec | undefined>>;

export interface RankedStrategy {
  strategy: string;
  /** Higher is better: weighted sum in [0, 1], or TOPSIS closeness in [0, 1]. */
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

/**
 * Each strategy's weighted-sum terms, one per criterion: weight × goodness, where goodness is the
 * min-max normalised value (direction-aware: the best value 1, the worst 0) and an all-equal
 * criterion gives 0 to everyone. A score is the sum of its row; the difference of two rows says
 * which criteria put one strategy ahead of the other, and by how much.
 */
export function weightedSumTerms(matrix: Matrix, specs: Specs): number[][] {
  const values = scaledValues(matrix, specs);
  const weights = normalisedWeights(matrix, specs);
  const ranges = matrix.criteria.map((_, j) => columnRange(values, j));
  return values.map((row) =>
    row.map((x, j) => {
      const { min, max } = ranges[j];
      if (allEqual(ranges[j])) return 0;
      const goodness = specOf(specs, matrix.criteria[j]).direction === 'max' ? (x - min) / (max - min) : (max - x) / (max - min);
      return weights[j] * goodness;
    }),
  );
}

/** Weighted sum of min-max normalised criteria: the sum of each strategy's weightedSumTerms, in criterion order. */
export function weightedSumScores(matrix: Matrix, specs: Specs): number[] {
  return weightedSumTerms(matrix, specs).map((terms) => terms.reduce((score, term) => score + term, 0));
}

/**
 * TOPSIS closeness: columns divided by their Euclidean norm, weighted, then each strategy's
 * distance d+ to the ideal (best value per criterion) and d- to the anti-ideal (worst);
 * closeness = d- / (d+ + d-). All-equal criteria are left out, as in the weighted sum. When
 * every strategy is identical (d+ = d- = 0) all get 0.5.
 */
export function topsisScores(matrix: Matrix, specs: Specs): number[] {
  const values = scaledValues(matrix, specs);
  const weights = normalisedWeights(matrix, specs);
  const inert = new Set(inertCriteria(matrix, specs));
  const active = matrix.criteria.map((c, j) => [c, j] as const).filter(([c]) => !inert.has(c));
  const weighted = values.map((row) =>
    active.map(([, j]) => {
      const norm = Math.sqrt(values.reduce((sum, r) => sum + r[j] ** 2, 0));
      return (weights[j] * row[j]) / norm;
    }),
  );
  const best = active.map(([c], k) => {
    const col = weighted.map((row) => row[k]);
    return specOf(specs, c).direction === 'max' ? Math.max(...col) : Math.min(...col);
  });
  const worst = active.map(([c], k) => {
    const col = weighted.map((row) => row[k]);
    return specOf(specs, c).direction === 'max' ? Math.min(...col) : Math.max(...col);
  });
  const distance = (row: number[], to: number[]) => Math.sqrt(row.reduce((sum, v, k) => sum + (v - to[k]) ** 2, 0));
  return weighted.map((row) => {
    const toBest = distance(row, best);
    const toWorst = distance(row, worst);
    return toBest + toWorst === 0 ? 0.5 : toWorst / (toBest + toWorst);
  });
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
