import { DECISION_LIMITS, INPUT_CRITERIA, type InputCriterion } from './decision-file.js';
import type { Matrix } from './matrix.js';
import { rankWeightedSum, winners, type Specs } from './rank.js';

/** The smallest change of one strategy's estimated input that changes the winner. */
export interface InputFlip {
  strategy: string;
  criterion: InputCriterion;
  /** As the decision file gives it. */
  given: number;
  /** The nearest value at which another strategy ranks first; null when no allowed value does. */
  flipsAt: number | null;
  /** flipsAt − given. */
  change: number | null;
  /** Who ranks first there. */
  newWinners: string[];
}

/** How much the hand-entered criteria (iapiChanges, effort) decide. */
export interface EstimatedInputs {
  /** The estimated criteria of the decision with a weight > 0. */
  criteria: InputCriterion[];
  /** Their share of the total weight. */
  weightShare: number;
  /** Rank 1 by weighted sum with the estimated criteria at their weights (the decision). */
  atWeights: string[];
  /** Rank 1 with the estimated criteria weighted 0: the measured criteria alone; null when no measured criterion has a weight. */
  atZero: string[] | null;
  /** Per estimated criterion (in order) and ranked strategy, smallest change first. */
  flips: InputFlip[];
}

/** The values an estimated input may take (decision-file bounds). */
const DOMAIN: Record<InputCriterion, { low: number; high: number }> = {
  iapiChanges: { low: 0, high: DECISION_LIMITS.iapiChanges },
  effort: { low: 1, high: 5 },
};

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s) => b.includes(s));

/** Rank 1 by weighted sum with one input of one strategy set to `value`. */
function winnersWith(matrix: Matrix, specs: Specs, i: number, j: number, value: number): string[] {
  const values = matrix.values.map((row, k) => (k === i ? row.map((x, m) => (m === j ? value : x)) : row));
  return winners(rankWeightedSum({ ...matrix, values }, specs));
}

/**
 * The nearest value of input (i, j) that changes the winner, searched toward the end of its
 * domain that helps the strategy (a rival) or hurts it (a winner): with the ranges fixed, its
 * score moves one way as the input does and the others' scores stay, so the winner changes at
 * most once along the way; bisection to 1e-9 of the given value (at least 1e-9).
 */
function flipOf(matrix: Matrix, specs: Specs, i: number, j: number, atWeights: readonly string[]): InputFlip {
  const criterion = matrix.criteria[j] as InputCriterion;
  const strategy = matrix.strategies[i];
  const given = matrix.values[i][j];
  const spec = specs[criterion]!;
  const { low, high } = DOMAIN[criterion];
  const worseUp = spec.direction === 'min';
  const towardWorse = atWeights.includes(strategy);
  const end = towardWorse === worseUp ? high : low;
  const none = { strategy, criterion, given, flipsAt: null, change: null, newWinners: [] };
  if (end === given || sameSet(winnersWith(matrix, specs, i, j, end), atWeights)) return none;
  let same = given;
  let flipped = end;
  for (let step = 0; step < 200 && Math.abs(flipped - same) > 1e-9 * Math.max(1, Math.abs(given)); step++) {
    const mid = (same + flipped) / 2;
    if (sameSet(winnersWith(matrix, specs, i, j, mid), atWeights)) same = mid;
    else flipped = mid;
  }
  return { strategy, criterion, given, flipsAt: flipped, change: flipped - given, newWinners: winnersWith(matrix, specs, i, j, flipped) };
}

/**
 * The choice with the estimated criteria at their weights and at zero, and for every ranked
 * strategy and estimated input the smallest change that changes who ranks first by weighted sum
 * (the other inputs, the weights and the ranges as they are). `matrix` holds the ranked strategies.
 */
export function estimatedInputs(matrix: Matrix, specs: Specs): EstimatedInputs {
  const criteria = INPUT_CRITERIA.filter((c) => matrix.criteria.includes(c) && specs[c]!.weight > 0);
  const total = matrix.criteria.reduce((sum, c) => sum + specs[c]!.weight, 0);
  const weightShare = criteria.reduce((sum, c) => sum + specs[c]!.weight, 0) / total;
  const atWeights = winners(rankWeightedSum(matrix, specs));
  const zeroed = Object.fromEntries(matrix.criteria.map((c) => [c, criteria.includes(c as InputCriterion) ? { ...specs[c]!, weight: 0 } : specs[c]!]));
  const atZero = weightShare < 1 ? winners(rankWeightedSum(matrix, zeroed)) : null;
  const flips = criteria
    .flatMap((c) => matrix.strategies.map((_, i) => flipOf(matrix, specs, i, matrix.criteria.indexOf(c), atWeights)))
    .sort((a, b) => criteria.indexOf(a.criterion) - criteria.indexOf(b.criterion) || (a.change === null ? 1 : 0) - (b.change === null ? 1 : 0) || Math.abs(a.change ?? 0) - Math.abs(b.change ?? 0));
  return { criteria, weightShare, atWeights, atZero, flips };
}
