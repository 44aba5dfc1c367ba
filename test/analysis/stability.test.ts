import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CriterionSpec } from '../../src/analysis/decision-file.js';
import { winShares } from '../../src/analysis/stability.js';

const min = (weight: number): CriterionSpec => ({ weight, direction: 'min', scale: 'linear' });
const options = { draws: 500, spread: 0.5, seed: 1 };

// A is best on c1, B on c2, C in between: who wins depends on the weights.
const contested = { strategies: ['A', 'B', 'C'], criteria: ['c1', 'c2'], values: [[0, 10], [10, 0], [4, 4]] };
const total = (shares: { share: number }[]) => shares.reduce((sum, s) => sum + s.share, 0);

describe('rank stability', () => {
  it('gives shares that sum to 1 for both methods', () => {
    for (const method of ['weighted-sum', 'topsis'] as const) {
      expect(total(winShares(contested, { c1: min(1), c2: min(1) }, options, method).shares)).toBeCloseTo(1, 12);
    }
  });

  it('is deterministic per seed and moves with the seed', () => {
    const specs = { c1: min(1), c2: min(1.05) };
    const first = winShares(contested, specs, options, 'weighted-sum');
    expect(winShares(contested, specs, options, 'weighted-sum')).toEqual(first);
    expect(winShares(contested, specs, { ...options, seed: 2 }, 'weighted-sum').shares).not.toEqual(first.shares);
    expect(first.shares.map((s) => s.strategy)).toEqual(['A', 'B', 'C']);
  });

  it('gives a dominant strategy every draw and splits ties evenly', () => {
    const dominated = { strategies: ['good', 'bad'], criteria: ['c1', 'c2'], values: [[0, 0], [1, 1]] };
    expect(winShares(dominated, { c1: min(1), c2: min(3) }, options, 'topsis').shares).toEqual([
      { strategy: 'good', share: 1 },
      { strategy: 'bad', share: 0 },
    ]);
    const twins = { strategies: ['x', 'y', 'z'], criteria: ['c'], values: [[1], [1], [2]] };
    expect(winShares(twins, { c: min(1) }, options, 'weighted-sum').shares.map((s) => s.share)).toEqual([0.5, 0.5, 0]);
  });

  it('keeps the base winner at spread 0 and a zero weight at zero', () => {
    const shares = winShares(contested, { c1: min(1), c2: min(0) }, { ...options, spread: 0 }, 'weighted-sum').shares;
    expect(shares.map((s) => s.share)).toEqual([1, 0, 0]);
    const wide = winShares(contested, { c1: min(1), c2: min(0) }, { ...options, spread: 2 }, 'weighted-sum').shares;
    expect(wide.map((s) => s.share)).toEqual([1, 0, 0]);
  });

  it('sums to 1 for any matrix and seed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 6 }),
        fc.integer(),
        (rows, seed) => {
          const m = { strategies: rows.map((_, i) => `s${i}`), criteria: ['c1', 'c2'], values: rows.map(([a, b]) => [a, b]) };
          const result = winShares(m, { c1: min(1), c2: min(2) }, { draws: 20, spread: 1, seed }, 'topsis');
          return Math.abs(total(result.shares) - 1) < 1e-9;
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});
