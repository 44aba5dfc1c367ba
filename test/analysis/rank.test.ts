import { describe, expect, it } from 'vitest';
import type { CriterionSpec } from '../../src/analysis/decision-file.js';
import {
  rankReversals,
  rankScores,
  rankTopsis,
  rankWeightedSum,
  topsisScores,
  weightedSumScores,
  weightedSumTerms,
  winners,
} from '../../src/analysis/rank.js';

const min = (weight: number, scale: CriterionSpec['scale'] = 'linear'): CriterionSpec => ({ weight, direction: 'min', scale });
const max = (weight: number): CriterionSpec => ({ weight, direction: 'max', scale: 'linear' });

/**
 * Three strategies, three criteria:
 *        c1 (min, w 0.5)  c2 (min, w 0.3)  c3 (max, w 0.2)
 *   A          1                6                4
 *   B          2                3                4
 *   C          2                2                7
 */
const matrix = { strategies: ['A', 'B', 'C'], criteria: ['c1', 'c2', 'c3'], values: [[1, 6, 4], [2, 3, 4], [2, 2, 7]] };
const specs = { c1: min(0.5), c2: min(0.3), c3: max(0.2) };

describe('weighted sum', () => {
  it('min-max normalises each criterion by direction and weighs it', () => {
    // c1 (min, 1..2): A 1, B 0, C 0.  c2 (min, 2..6): A 0, B (6-3)/4 = 0.75, C 1.  c3 (max, 4..7): A 0, B 0, C 1.
    // A = 0.5·1 = 0.5;  B = 0.3·0.75 = 0.225;  C = 0.3·1 + 0.2·1 = 0.5.
    const scores = weightedSumScores(matrix, specs);
    expect(scores[0]).toBeCloseTo(0.5, 12);
    expect(scores[1]).toBeCloseTo(0.225, 12);
    expect(scores[2]).toBeCloseTo(0.5, 12);
    // The terms behind each score: C beats B by 0.075 on c2 and 0.2 on c3.
    const terms = weightedSumTerms(matrix, specs);
    expect(terms[2].map((t, j) => t - terms[1][j]).map((d) => Number(d.toFixed(12)))).toEqual([0, 0.075, 0.2]);
    expect(terms.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(scores);
  });

  it('states the tie: A and C share rank 1, B is third', () => {
    const ranking = rankWeightedSum(matrix, specs);
    expect(ranking.entries.map((e) => [e.strategy, e.rank, e.tie])).toEqual([
      ['A', 1, true],
      ['C', 1, true],
      ['B', 3, false],
    ]);
    expect(winners(ranking)).toEqual(['A', 'C']);
  });

  it('divides weights by their sum: scaling every weight changes nothing', () => {
    const scaled = { c1: min(5), c2: min(3), c3: max(2) };
    expect(weightedSumScores(matrix, scaled)).toEqual(weightedSumScores(matrix, specs));
  });

  it('compares orders of magnitude on a log scale', () => {
    const m = { strategies: ['a', 'b', 'c'], criteria: ['bytes'], values: [[0], [9], [99]] };
    // linear: (99 - x) / 99 → 1, 0.909, 0.  log(1 + x): 0, ln 10, ln 100 → 1, 0.5, 0.
    expect(weightedSumScores(m, { bytes: min(1) })[1]).toBeCloseTo(90 / 99, 12);
    expect(weightedSumScores(m, { bytes: min(1, 'log') })[1]).toBeCloseTo(0.5, 12);
  });

  it('mirrors the log scale below zero (a rerun can save time)', () => {
    // rerunSeconds -9, 0, 99 → -ln 10, 0, ln 100: range 3 ln 10, so 0 scores (ln 100 - 0) / (3 ln 10) = 2/3.
    const m = { strategies: ['a', 'b', 'c'], criteria: ['rerun'], values: [[-9], [0], [99]] };
    const scores = weightedSumScores(m, { rerun: min(1, 'log') });
    expect(scores[0]).toBeCloseTo(1, 12);
    expect(scores[1]).toBeCloseTo(2 / 3, 12);
    expect(scores[2]).toBeCloseTo(0, 12);
  });

  it('lets an all-equal criterion contribute nothing and says so', () => {
    const withFlat = {
      strategies: matrix.strategies,
      criteria: [...matrix.criteria, 'flat'],
      values: matrix.values.map((row) => [...row, 3]),
    };
    const flatSpecs = { ...specs, flat: min(1) };
    const ranking = rankWeightedSum(withFlat, flatSpecs);
    expect(ranking.inertCriteria).toEqual(['flat']);
    // Its weight still counts in the sum of weights (1 of 2), so every score halves; the order does not change.
    expect(weightedSumScores(withFlat, flatSpecs)).toEqual(weightedSumScores(matrix, specs).map((s) => s / 2));
    expect(rankTopsis(withFlat, flatSpecs).entries.map((e) => e.strategy)).toEqual(rankTopsis(matrix, specs).entries.map((e) => e.strategy));
  });

  it('refuses a criterion without a spec and a matrix without any weight', () => {
    expect(() => weightedSumScores(matrix, { c1: min(1), c2: min(1) })).toThrow('criterion c3');
    expect(() => weightedSumScores(matrix, { c1: min(0), c2: min(0), c3: max(0) })).toThrow('no criterion has a weight > 0');
  });
});

describe('declared ranges', () => {
  // c1 range 0..10 (min), c2 range 0..100 (min), weights 3 and 1: A (1, 60), B (2, 0), C (9, 100).
  const m = { strategies: ['A', 'B', 'C'], criteria: ['c1', 'c2'], values: [[1, 60], [2, 0], [9, 100]] };
  const ranged = { c1: { ...min(3), range: [0, 10] as [number, number] }, c2: { ...min(1), range: [0, 100] as [number, number] } };

  it('normalises each value on its range: a score rests on the strategy’s own values only', () => {
    // goodness A (0.9, 0.4) → 0.75·0.9 + 0.25·0.4 = 0.775;  B (0.8, 1) → 0.85;  C (0.1, 0) → 0.075.
    const scores = weightedSumScores(m, ranged);
    expect(scores[0]).toBeCloseTo(0.775, 12);
    expect(scores[1]).toBeCloseTo(0.85, 12);
    expect(scores[2]).toBeCloseTo(0.075, 12);
    // Without C (min-max over A and B alone, the old way, A would win 0.75 to 0.25): on ranges, B still wins and A, B keep their scores.
    const ab = { strategies: ['A', 'B'], criteria: m.criteria, values: m.values.slice(0, 2) };
    expect(weightedSumScores(ab, ranged)).toEqual(scores.slice(0, 2));
    expect(weightedSumScores(ab, { c1: min(3), c2: min(1) })).toEqual([0.75, 0.25]);
  });

  it('TOPSIS measures the distance to the ends of the ranges', () => {
    // weighted goodness A (0.675, 0.1), ideal (0.75, 0.25), anti-ideal (0, 0):
    // d+ = √(0.075² + 0.15²) = 0.167705, d- = √(0.675² + 0.1²) = 0.682367 → 0.682367 / 0.850072 = 0.802717.
    expect(topsisScores(m, ranged)[0]).toBeCloseTo(0.802717, 6);
    const ab = { strategies: ['A', 'B'], criteria: m.criteria, values: m.values.slice(0, 2) };
    expect(topsisScores(ab, ranged)).toEqual(topsisScores(m, ranged).slice(0, 2));
  });

  it('lets a value beyond its range count beyond 0 and 1, and a log range compare magnitudes', () => {
    expect(weightedSumScores({ strategies: ['x'], criteria: ['c'], values: [[20]] }, { c: { ...min(1), range: [0, 10] } })).toEqual([-1]);
    // log(1 + x): range 0..99 → 0..ln 100; 9 → ln 10, half way.
    expect(weightedSumScores({ strategies: ['x'], criteria: ['c'], values: [[9]] }, { c: { ...min(1, 'log'), range: [0, 99] } })[0]).toBeCloseTo(0.5, 12);
  });
});

describe('TOPSIS', () => {
  it('matches the hand computation', () => {
    // Column norms: c1 √(1+4+4) = 3, c2 √(36+9+4) = 7, c3 √(16+16+49) = 9.
    // Weighted normalised v = w·x/norm:
    //   A (0.5/3, 1.8/7, 0.8/9) = (0.166667, 0.257143, 0.088889)
    //   B (1/3,   0.9/7, 0.8/9) = (0.333333, 0.128571, 0.088889)
    //   C (1/3,   0.6/7, 1.4/9) = (0.333333, 0.085714, 0.155556)
    // Ideal (min, min, max) = (0.166667, 0.085714, 0.155556); anti-ideal = (0.333333, 0.257143, 0.088889).
    //   A: d+ = √(0.171429² + 0.066667²) = 0.183935, d- = 0.166667  → 0.166667 / 0.350602 = 0.475373
    //   B: d+ = √(0.166667² + 0.042857² + 0.066667²) = 0.184551, d- = 0.128571 → 0.410611
    //   C: d+ = 0.166667, d- = 0.183935 → 0.183935 / 0.350602 = 0.524627
    const scores = topsisScores(matrix, specs);
    expect(scores[0]).toBeCloseTo(0.475373, 6);
    expect(scores[1]).toBeCloseTo(0.410611, 6);
    expect(scores[2]).toBeCloseTo(0.524627, 6);
    expect(rankTopsis(matrix, specs).entries.map((e) => [e.strategy, e.rank, e.tie])).toEqual([
      ['C', 1, false],
      ['A', 2, false],
      ['B', 3, false],
    ]);
  });

  it('gives identical strategies 0.5 and a shared rank', () => {
    const same = { strategies: ['x', 'y'], criteria: ['c'], values: [[2], [2]] };
    expect(topsisScores(same, { c: min(1) })).toEqual([0.5, 0.5]);
    expect(rankTopsis(same, { c: min(1) }).entries.every((e) => e.rank === 1 && e.tie)).toBe(true);
  });
});

describe('ranks and reversals', () => {
  it('shares a rank within 1e-12 and skips the ranks a tie takes', () => {
    expect(rankScores(['a', 'b', 'c', 'd'], [0.3, 0.9, 0.9 - 1e-13, 0.1]).map((e) => [e.strategy, e.rank, e.tie])).toEqual([
      ['b', 1, true],
      ['c', 1, true],
      ['a', 3, false],
      ['d', 4, false],
    ]);
    expect(rankScores(['a', 'b'], [0.5, 0.5 - 1e-9]).map((e) => e.rank)).toEqual([1, 2]);
  });

  it('detects a rank reversal between the weighted sum and TOPSIS', () => {
    // Two equally weighted criteria, both minimised: A (0, 2), B (1, 1), C (2, 2).
    // Weighted sum: c1 range 0..2 → A 1, B 0.5, C 0; c2 range 1..2 → A 0, B 1, C 0.
    //   A 0.5, B 0.75, C 0: B first.
    // TOPSIS: norms √5 and 3; v: A (0, 1/3), B (0.2236, 1/6), C (0.4472, 1/3); ideal (0, 1/6), anti (0.4472, 1/3).
    //   A: d+ 0.1667, d- 0.4472 → 0.7285;  B: d+ 0.2236, d- 0.2789 → 0.5550;  C: d- 0 → 0. A first.
    const m = { strategies: ['A', 'B', 'C'], criteria: ['c1', 'c2'], values: [[0, 2], [1, 1], [2, 2]] };
    const s = { c1: min(1), c2: min(1) };
    const ws = rankWeightedSum(m, s);
    const topsis = rankTopsis(m, s);
    expect(winners(ws)).toEqual(['B']);
    expect(winners(topsis)).toEqual(['A']);
    expect(topsis.entries[0].score).toBeCloseTo(0.7285, 4);
    expect(rankReversals(ws, topsis)).toEqual([{ preferredByFirst: 'B', preferredBySecond: 'A' }]);
    expect(rankReversals(topsis, ws)).toEqual([{ preferredByFirst: 'A', preferredBySecond: 'B' }]);
  });

  it('does not call a tie a reversal', () => {
    // Weighted sum ties A and C; TOPSIS puts C above A: an order where there was none, not a reversal.
    expect(rankReversals(rankWeightedSum(matrix, specs), rankTopsis(matrix, specs))).toEqual([]);
  });
});
