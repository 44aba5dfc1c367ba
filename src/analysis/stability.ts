import seedrandom from 'seedrandom';
import type { CriterionSpec, StabilityOptions } from './decision-file.js';
import type { Matrix } from './matrix.js';
import { TIE_TOLERANCE, topsisScores, weightedSumScores, type Method, type Specs } from './rank.js';

export interface WinShare {
  strategy: string;
  /** Share of the weight draws the strategy wins; a draw won by k tied strategies gives each 1/k. */
  share: number;
}

export interface Stability {
  method: Method;
  draws: number;
  spread: number;
  seed: number;
  /** In matrix order; the shares sum to 1. */
  shares: WinShare[];
}

/** The strategy's share of the draws it wins. */
export function shareOf(stability: Stability, strategy: string): number {
  return stability.shares.find((s) => s.strategy === strategy)!.share;
}

/** Standard normal draws (Box-Muller) from a uniform stream. */
function normalStream(rng: () => number): () => number {
  return () => {
    const u1 = 1 - rng(); // in (0, 1]: log(0) cannot happen
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
  };
}

/**
 * The given specs with every weight multiplied by exp(N(0, spread)): a lognormal perturbation
 * that keeps weights positive, leaves a zero weight at zero (a criterion left out stays out),
 * and at spread 0.5 moves a weight by a factor within about [0.37, 2.7] in 95% of draws.
 */
function perturbedSpecs(criteria: readonly string[], specs: Specs, normal: () => number, spread: number): Specs {
  const out: Record<string, CriterionSpec> = {};
  for (const c of criteria) {
    const spec = specs[c];
    if (spec === undefined) throw new Error(`no weight, direction and scale given for criterion ${c}`);
    out[c] = { ...spec, weight: spec.weight * Math.exp(spread * normal()) };
  }
  return out;
}

/**
 * Rank stability: the share of random weight draws around the given weights in which each
 * strategy ranks first. The draws come from seedrandom's Alea seeded with `seed`: the same
 * matrix, specs and options always give the same shares.
 */
export function winShares(matrix: Matrix, specs: Specs, options: StabilityOptions, method: Method): Stability {
  const normal = normalStream(seedrandom.alea(`drainsim:stability:${options.seed}`));
  const score = method === 'topsis' ? topsisScores : weightedSumScores;
  const wins = matrix.strategies.map(() => 0);
  for (let draw = 0; draw < options.draws; draw++) {
    const scores = score(matrix, perturbedSpecs(matrix.criteria, specs, normal, options.spread));
    const top = Math.max(...scores);
    const winning = scores.flatMap((s, i) => (top - s <= TIE_TOLERANCE ? [i] : []));
    for (const i of winning) wins[i] += 1 / winning.length;
  }
  return {
    method,
    draws: options.draws,
    spread: options.spread,
    seed: options.seed,
    shares: matrix.strategies.map((strategy, i) => ({ strategy, share: wins[i] / options.draws })),
  };
}
