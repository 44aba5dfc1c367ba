import { describe, expect, it } from 'vitest';
import type { CriterionSpec } from '../../src/analysis/decision-file.js';
import { regretTable } from '../../src/analysis/regret.js';

const min = (weight: number): CriterionSpec => ({ weight, direction: 'min', scale: 'linear' });

describe('regret', () => {
  it('takes the worst and mean loss against each run’s best, on one scale for all runs', () => {
    // Criteria: misses (w 3) and rerun (w 1), both minimised. Ranges over all runs: misses 0..10, rerun 0..100.
    const runs = [
      // s1: A (0, 100) → 0.75·1 + 0.25·0 = 0.75;  B (10, 0) → 0 + 0.25 = 0.25.  Best A: regret A 0, B 0.5.
      { scenario: 's1', seed: 1, matrix: { strategies: ['A', 'B'], criteria: ['misses', 'rerun'], values: [[0, 100], [10, 0]] } },
      // s2: A (0, 50) → 0.75 + 0.125 = 0.875;  B (0, 0) → 1.  Best B: regret A 0.125, B 0.
      { scenario: 's2', seed: 1, matrix: { strategies: ['A', 'B'], criteria: ['misses', 'rerun'], values: [[0, 50], [0, 0]] } },
    ];
    const table = regretTable(runs, { misses: min(3), rerun: min(1) });
    expect(table.map((r) => r.strategy)).toEqual(['A', 'B']);
    expect(table[0].maxRegret).toBeCloseTo(0.125, 12);
    expect(table[0].meanRegret).toBeCloseTo(0.0625, 12);
    expect(table[0].worst).toEqual({ scenario: 's2', seed: 1 });
    expect(table[1].maxRegret).toBeCloseTo(0.5, 12);
    expect(table[1].meanRegret).toBeCloseTo(0.25, 12);
    expect(table[1].worst).toEqual({ scenario: 's1', seed: 1 });
    // Each is behind the best in one of the two runs.
    expect(table.map((r) => [r.behind, r.runs])).toEqual([[1, 2], [1, 2]]);
  });

  it('gives a strategy that is always best no worst run', () => {
    const runs = [{ scenario: 's', seed: 3, matrix: { strategies: ['A', 'B'], criteria: ['c'], values: [[0], [1]] } }];
    expect(regretTable(runs, { c: min(1) })[0]).toEqual({ strategy: 'A', maxRegret: 0, meanRegret: 0, worst: null, behind: 0, runs: 1 });
  });

  it('takes 20,000 runs of 7 strategies (no argument spread over 140,000 values)', () => {
    const strategies = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const runs = Array.from({ length: 20_000 }, (_, n) => ({
      scenario: 's',
      seed: n,
      matrix: { strategies, criteria: ['c'], values: strategies.map((_, i) => [(n * 7 + i) % 13]) },
    }));
    const table = regretTable(runs, { c: min(1) });
    expect(table).toHaveLength(7);
    expect(table.every((r) => Number.isFinite(r.maxRegret))).toBe(true);
  });

  it('refuses runs that compare different strategies', () => {
    const runs = [
      { scenario: 's', seed: 1, matrix: { strategies: ['A', 'B'], criteria: ['c'], values: [[0], [1]] } },
      { scenario: 's', seed: 2, matrix: { strategies: ['A'], criteria: ['c'], values: [[0]] } },
    ];
    expect(() => regretTable(runs, { c: min(1) })).toThrow('scenario s seed 2 has other strategies');
  });
});
