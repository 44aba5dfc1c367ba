import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/analysis/bootstrap.js';
import { mean } from '../../src/analysis/stats.js';

const rng = () => seedrandom.alea('bootstrap-test');

describe('the percentile bootstrap', () => {
  it('brackets the mean of the units with an interval about ±2 standard errors wide', () => {
    const units = Array.from({ length: 40 }, (_, i) => (i * 7919) % 101);
    const iv = bootstrap(units, mean, 2000, rng());
    expect(iv.estimate).toBe(mean(units));
    const se = Math.sqrt(units.reduce((s, v) => s + (v - mean(units)) ** 2, 0) / units.length / units.length);
    expect(iv.low!).toBeLessThan(iv.estimate);
    expect(iv.high!).toBeGreaterThan(iv.estimate);
    expect((iv.high! - iv.low!) / (2 * 1.96 * se)).toBeGreaterThan(0.8);
    expect((iv.high! - iv.low!) / (2 * 1.96 * se)).toBeLessThan(1.2);
  });

  it('is deterministic for a seeded stream, gives no interval below two units or for an undefined statistic', () => {
    expect(bootstrap([1, 2, 3], mean, 500, rng())).toEqual(bootstrap([1, 2, 3], mean, 500, rng()));
    expect(bootstrap([5], mean, 500, rng())).toEqual({ estimate: 5, low: null, high: null });
    expect(bootstrap([1, 2], () => NaN, 500, rng())).toEqual({ estimate: NaN, low: null, high: null });
  });
});
