import type { Rng } from '../model/random.js';
import { percentile } from './stats.js';

/** An estimate with its 95% bootstrap interval (null bounds: fewer than two units to resample). */
export interface Interval {
  estimate: number;
  low: number | null;
  high: number | null;
}

/**
 * Percentile bootstrap over independent units (e.g. the seeds of a fleet): `statistic` on the
 * units themselves is the estimate; on `draws` resamples (with replacement, drawn from `rng`) its
 * nearest-rank 2.5th and 97.5th percentiles are the interval. Deterministic for a given rng. A
 * statistic that is not defined on a sample (NaN, e.g. a percentile of no values) gives no interval.
 */
export function bootstrap<T>(units: readonly T[], statistic: (sample: readonly T[]) => number, draws: number, rng: Rng): Interval {
  const estimate = statistic(units);
  if (units.length < 2 || Number.isNaN(estimate)) return { estimate, low: null, high: null };
  const values = new Float64Array(draws);
  const sample: T[] = new Array<T>(units.length);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[Math.floor(rng() * units.length)];
    values[d] = statistic(sample);
  }
  const defined = [...values].filter((v) => !Number.isNaN(v));
  if (defined.length === 0) return { estimate, low: null, high: null };
  return { estimate, low: percentile(defined, 0.025), high: percentile(defined, 0.975) };
}
