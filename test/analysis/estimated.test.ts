import { describe, expect, it } from 'vitest';
import type { CriterionSpec } from '../../src/analysis/decision-file.js';
import { estimatedInputs } from '../../src/analysis/estimated.js';

const spec = (weight: number, range: [number, number]): CriterionSpec => ({ weight, direction: 'min', scale: 'linear', range });

describe('estimated inputs', () => {
  // misses (w 1, range 0..100), iapiChanges (w 1, range 0..5):
  //   A: misses 0, 3 changes → 0.5·1 + 0.5·0.4 = 0.7;  B: misses 10, 0 changes → 0.5·0.9 + 0.5·1 = 0.95.
  const matrix = { strategies: ['A', 'B'], criteria: ['misses', 'iapiChanges'], values: [[0, 3], [10, 0]] };
  const specs = { misses: spec(1, [0, 100]), iapiChanges: spec(1, [0, 5]) };

  it('gives the choice at the weights and with the estimates at zero', () => {
    const e = estimatedInputs(matrix, specs);
    expect(e.criteria).toEqual(['iapiChanges']);
    expect(e.weightShare).toBe(0.5);
    expect(e.atWeights).toEqual(['B']);
    expect(e.atZero).toEqual(['A']);
  });

  it('finds the smallest change of each input that flips the winner (hand-worked)', () => {
    // A overtakes when 0.5 + 0.5(1 − x/5) ≥ 0.95: x ≤ 0.5 (a change of −2.5).
    // B falls behind when 0.45 + 0.5(1 − x/5) ≤ 0.7: x ≥ 2.5 (a change of +2.5).
    const flips = estimatedInputs(matrix, specs).flips;
    const first = flips.find((f) => f.strategy === 'A')!;
    const second = flips.find((f) => f.strategy === 'B')!;
    expect(first.flipsAt).toBeCloseTo(0.5, 6);
    expect(first.change).toBeCloseTo(-2.5, 6);
    expect(first.newWinners).toContain('A');
    expect(second.flipsAt).toBeCloseTo(2.5, 6);
    expect(second.newWinners).toContain('A');
  });

  it('says so when no allowed value flips it', () => {
    // Misses weigh 100 times more: B, missing 90, never overtakes even with no IAPI change.
    const heavy = { misses: spec(100, [0, 100]), iapiChanges: spec(1, [0, 5]) };
    const far = { ...matrix, values: [[0, 3], [90, 0]] };
    const e = estimatedInputs(far, heavy);
    expect(e.atWeights).toEqual(['A']);
    const b = e.flips.find((f) => f.strategy === 'B')!;
    expect(b).toMatchObject({ flipsAt: null, change: null, newWinners: [] });
    // A (the winner) loses once its changes count enough: (100·1 + (1 − x/5)) / 101 ≤ (100·0.1 + 1) / 101 at x = 450.
    const a = e.flips.find((f) => f.strategy === 'A')!;
    expect(a.flipsAt).toBeCloseTo(450, 6);
  });
});
