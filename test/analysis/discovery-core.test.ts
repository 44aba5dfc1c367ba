import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { latinHypercube } from '../../src/analysis/lhs.js';
import { primBoxes } from '../../src/analysis/prim.js';

describe('Latin hypercube', () => {
  it('puts exactly one point in each of the n strata of every dimension, and is seeded', () => {
    const points = latinHypercube(50, 3, seedrandom.alea('lhs'));
    expect(points).toHaveLength(50);
    for (let d = 0; d < 3; d++) {
      const strata = points.map((p) => Math.floor(p[d] * 50)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: 50 }, (_, i) => i));
    }
    expect(latinHypercube(50, 3, seedrandom.alea('lhs'))).toEqual(points);
    expect(latinHypercube(50, 3, seedrandom.alea('other'))).not.toEqual(points);
  });
});

describe('PRIM', () => {
  it('hand case: cases exactly from 60 up on a line of 100 points', () => {
    // Peeling takes 5% slices off the low end (the high end only lowers the density), pasting
    // takes back what it overshot, so the box is x ≥ 60: every case, nothing else.
    const x = Array.from({ length: 100 }, (_, i) => [i]);
    const [box, ...more] = primBoxes(x, x.map(([v]) => v >= 60));
    expect(box).toEqual({ lower: [60], upper: [null], points: 40, cases: 40, density: 1, coverage: 1 });
    expect(more).toEqual([]);
  });

  it('recovers a planted rule on one input of three, leaving the others unrestricted', () => {
    const x = latinHypercube(200, 3, seedrandom.alea('planted')).map(([a, b, c]) => [4000 * a, 300 + 14100 * b, c]);
    const [box] = primBoxes(x, x.map(([inserts]) => inserts > 1500));
    expect(Math.abs(box.lower[0]! - 1500)).toBeLessThan(150);
    expect(box.upper[0]).toBeNull();
    expect(box.lower.slice(1)).toEqual([null, null]);
    expect(box.upper.slice(1)).toEqual([null, null]);
    expect(box.density).toBe(1);
    expect(box.coverage).toBe(1);
  });

  it('finds a corner (two bounds), and a second box for a second region', () => {
    const x = latinHypercube(400, 2, seedrandom.alea('corner'));
    const y = x.map(([a, b]) => (a > 0.6 && b > 0.5) || (a < 0.2 && b < 0.2));
    const boxes = primBoxes(x, y);
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    const [first, second] = boxes;
    expect(first.lower[0]).toBeCloseTo(0.6, 1);
    expect(first.lower[1]).toBeCloseTo(0.5, 1);
    expect(first.density).toBeGreaterThanOrEqual(0.8);
    expect(second.upper[0]).toBeCloseTo(0.2, 1);
    expect(second.upper[1]).toBeCloseTo(0.2, 1);
  });

  it('finds nothing where nothing fails, and no dense box in noise', () => {
    const x = latinHypercube(100, 2, seedrandom.alea('none'));
    expect(primBoxes(x, x.map(() => false))).toEqual([]);
    const rng = seedrandom.alea('noise');
    const noise = primBoxes(x, x.map(() => rng() < 0.1));
    for (const b of noise) expect(b.points).toBeLessThan(20);
  });
});
