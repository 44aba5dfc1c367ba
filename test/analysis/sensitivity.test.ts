import { describe, expect, it } from 'vitest';
import {
  morrisDesign,
  morrisOf,
  morrisRunCount,
  tornadoOf,
  tornadoPoints,
  type MorrisOptions,
  type ParameterRange,
  type ParameterValues,
} from '../../src/analysis/sensitivity.js';
import { dominantParameter } from '../../src/analysis/sensitivity-study.js';

// A synthetic model with a known dominant parameter: x1 moves the output 10 per unit,
// x2 about 1 (x2² over [0, 1]), x3 0.1.
const model = (p: ParameterValues) => 10 * p.x1 + p.x2 ** 2 + 0.1 * p.x3;
const base = { x1: 0.5, x2: 0.5, x3: 0.5, fixed: 7 };
const ranges = [
  { name: 'x3', low: 0, high: 1 },
  { name: 'x2', low: 0, high: 1 },
  { name: 'x1', low: 0, high: 1 },
];

/** The screenings evaluated with a model, as the sensitivity study does with the simulator. */
const tornado = (b: ParameterValues, r: ParameterRange[], f: (p: ParameterValues) => number) => tornadoOf(r, tornadoPoints(b, r).map(f));
function morris(b: ParameterValues, r: ParameterRange[], f: (p: ParameterValues) => number, options: MorrisOptions) {
  const design = morrisDesign(b, r, options);
  return morrisOf(design, design.trajectories.map((t) => t.points.map(f)));
}

describe('tornado', () => {
  it('orders parameters by swing, the dominant one first', () => {
    const result = tornado(base, ranges, model);
    expect(result.baseOutput).toBeCloseTo(5.3, 12);
    expect(result.bars.map((b) => b.name)).toEqual(['x1', 'x2', 'x3']);
    expect(result.bars[0]).toMatchObject({ low: 0, high: 1, swing: 10 });
    expect(result.bars[0].outputLow).toBeCloseTo(0.3, 12);
    expect(result.bars[1].swing).toBeCloseTo(1, 12);
    expect(result.bars[2].swing).toBeCloseTo(0.1, 12);
  });

  it('moves one parameter at a time, the others at base', () => {
    expect(tornadoPoints(base, [{ name: 'x1', low: 2, high: 3 }])).toEqual([base, { ...base, x1: 2 }, { ...base, x1: 3 }]);
    expect(() => tornadoOf(ranges, [1, 2])).toThrow('2 outputs for 7 points');
  });

  it('refuses a range for a parameter without a base value', () => {
    expect(() => tornadoPoints(base, [{ name: 'nope', low: 0, high: 1 }])).toThrow('parameter nope has a range but no base value');
  });
});

describe('Morris screening', () => {
  it('finds the dominant parameter with the stated number of runs', () => {
    let calls = 0;
    const result = morris(base, ranges, (p) => (calls++, model(p)), { trajectories: 10, levels: 4, seed: 1 });
    expect(morrisRunCount(3, 10)).toBe(40);
    expect(result.runs).toBe(40);
    expect(calls).toBe(40);
    expect(result.delta).toBeCloseTo(2 / 3, 12);
    expect(result.factors.map((f) => f.name)).toEqual(['x1', 'x2', 'x3']);
    // Linear effects are exact: EE(x1) = 10, EE(x3) = 0.1, with no spread.
    expect(result.factors[0].muStar).toBeCloseTo(10, 9);
    expect(result.factors[0].sigma).toBeCloseTo(0, 9);
    expect(result.factors[0].samples).toBe(10);
    expect(result.factors[0].muStarHigh - result.factors[0].muStarLow).toBeCloseTo(0, 9); // every effect the same: no doubt about μ*
    expect(result.factors[2].muStar).toBeCloseTo(0.1, 9);
    // x2²: EE = 2x + Δ with x ∈ {0, 1/3}: 2/3 or 4/3, so spread > 0 (non-linear).
    expect(result.factors[1].muStar).toBeGreaterThanOrEqual(2 / 3 - 1e-9);
    expect(result.factors[1].muStar).toBeLessThanOrEqual(4 / 3 + 1e-9);
    expect(result.factors[1].sigma).toBeGreaterThan(0);
    expect(result.factors[1].muStarHigh).toBeGreaterThan(result.factors[1].muStarLow);
    expect(result.factors[1].muStarHigh - result.factors[1].muStarLow).toBeLessThan(result.factors[1].muStar);
  });

  it('gives μ* a bootstrap interval, and calls a parameter dominant only when it clears the runner-up', () => {
    const options = { trajectories: 10, levels: 4, seed: 1 };
    const clear = morris(base, ranges, model, options);
    for (const f of clear.factors) {
      expect(f.muStarLow).toBeLessThanOrEqual(f.muStar);
      expect(f.muStarHigh).toBeGreaterThanOrEqual(f.muStar);
    }
    expect(clear.factors[0].muStarLow).toBeGreaterThan(clear.factors[1].muStarHigh);
    const of = (morris: ReturnType<typeof morrisOf>) =>
      ({ screenings: [{ metric: 'misses', strategy: 's', morris }] }) as unknown as Parameters<typeof dominantParameter>[0];
    expect(dominantParameter(of(clear), 'misses', 's')).toMatchObject({ top: { name: 'x1' }, separated: true });
    // x1 and x2 with effects about 10 and 9 that swing by ±8 with x3: their intervals overlap.
    const close = morris(base, ranges, (p) => (10 + 8 * Math.sin(50 * p.x3)) * p.x1 + (9 + 8 * Math.cos(50 * p.x3)) * p.x2, options);
    expect(close.factors[0].muStarLow).toBeLessThanOrEqual(close.factors[1].muStarHigh);
    expect(dominantParameter(of(close), 'misses', 's')).toMatchObject({ separated: false });
  });

  it('is deterministic per seed and keeps every point inside the ranges', () => {
    const wide = [{ name: 'x1', low: 10, high: 20 }, ...ranges.slice(0, 2)];
    const options = { trajectories: 5, levels: 6, seed: 9 };
    const design = morrisDesign(base, wide, options);
    expect(morrisDesign(base, wide, options)).toEqual(design);
    expect(morrisDesign(base, wide, { ...options, seed: 10 })).not.toEqual(design);
    for (const p of design.trajectories.flatMap((t) => t.points)) {
      expect(p.fixed).toBe(7);
      expect(p.x1).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(p.x1).toBeLessThanOrEqual(20 + 1e-9);
    }
    // Each step moves exactly one parameter, by Δ of its range.
    for (const t of design.trajectories) {
      t.changed.forEach((i, s) => {
        const moved = Object.keys(base).filter((name) => t.points[s + 1][name] !== t.points[s][name]);
        expect(moved).toEqual([wide[i].name]);
        const { low, high } = wide[i];
        expect(Math.abs(t.points[s + 1][wide[i].name] - t.points[s][wide[i].name])).toBeCloseTo(design.delta * (high - low), 9);
      });
    }
    // Effects are per unit of the range: x1 spans 10, so EE = 10 · 10 = 100.
    expect(morris(base, wide, model, options).factors[0].muStar).toBeCloseTo(100, 9);
  });

  it('rounds whole-number parameters and divides by the step they really took', () => {
    // n over 1..4 with 4 levels: unit grid 0, 1/3, 2/3, 1 → 1, 2, 3, 4 exactly; Δ = 2/3 moves n by 2.
    // Over 1..3 the grid 1, 1.67, 2.33, 3 rounds to 1, 2, 2, 3: a step 1.67 → 3 rounds to 2 → 3, one unit,
    // so the effect of f = 6n is 6 per unit of n, 12 per unit of the range 1..3, whatever the rounding.
    const options = { trajectories: 6, levels: 4, seed: 3 };
    const linear = (p: ParameterValues) => 6 * p.n;
    for (const high of [4, 3]) {
      const r = [{ name: 'n', low: 1, high, integer: true }];
      for (const t of morrisDesign({ n: 2 }, r, options).trajectories) for (const p of t.points) expect(Number.isInteger(p.n)).toBe(true);
      const result = morris({ n: 2 }, r, linear, options);
      expect(result.factors[0].muStar).toBeCloseTo(6 * (high - 1), 9);
      expect(result.factors[0].sigma).toBeCloseTo(0, 9);
    }
    // A range under one unit rounds every step away: no effect is measured, none is divided by zero.
    const tiny = morrisOf(morrisDesign({ n: 0 }, [{ name: 'n', low: 0, high: 0.4, integer: true }], options), Array.from({ length: 6 }, () => [1, 2]));
    expect(tiny.factors[0]).toMatchObject({ samples: 0, muStar: 0 });
  });

  it('refuses an odd number of levels, no trajectories and outputs that do not fit the design', () => {
    expect(() => morrisDesign(base, ranges, { trajectories: 2, levels: 3, seed: 1 })).toThrow('levels must be an even integer');
    expect(() => morrisDesign(base, ranges, { trajectories: 0, levels: 4, seed: 1 })).toThrow('trajectories must be an integer >= 1');
    const design = morrisDesign(base, ranges, { trajectories: 2, levels: 4, seed: 1 });
    expect(() => morrisOf(design, [[1, 2, 3, 4]])).toThrow('trajectory 1 needs 4 outputs');
  });
});
