import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { bootstrapDecision } from '../../src/analysis/seed-bootstrap.js';
import type { CriterionSpec } from '../../src/analysis/decision-file.js';
import { buildMatrix, groupRuns } from '../../src/analysis/matrix.js';
import type { RunResult } from '../../src/oracle/result.js';
import { run, stop } from './fixtures.js';

const min = (weight: number, range: [number, number]): CriterionSpec => ({ weight, direction: 'min', scale: 'linear', range });
const options = { resamples: 1000, confidence: 0.95, seed: 1 };

/** Two strategies over `seeds` seeds of two scenarios: misses drawn around 10 (a) and 12 (b), latencies around 30 s. */
function noisy(seeds: number, seed = 7): RunResult[] {
  const rng = seedrandom.alea(`test:${seed}`);
  return ['s1', 's2'].flatMap((scenario) =>
    Array.from({ length: seeds }, (_, n) => [
      run('a', { scenario, seed: n + 1, misses: Math.round(20 * rng()), stops: [stop(20 + 20 * rng())] }),
      run('b', { scenario, seed: n + 1, misses: Math.round(4 + 16 * rng()), stops: [stop(20 + 20 * rng())] }),
    ]).flat(),
  );
}

function analyse(results: RunResult[], opts = options) {
  const grid = groupRuns(results);
  const matrix = buildMatrix(grid, ['misses', 'p99StopLatency']);
  const specs = { misses: min(1, [0, 100]), p99StopLatency: min(0, [0, 300]) };
  return { matrix, u: bootstrapDecision(grid, matrix, matrix.strategies, specs, opts) };
}

describe('bootstrap over seeds', () => {
  it('gives every measured cell an interval around its value, within what the seeds show', () => {
    const results = noisy(10);
    const { matrix, u } = analyse(results);
    matrix.strategies.forEach((strategy, i) => {
      const own = results.filter((r) => r.strategy === strategy);
      const misses = own.map((r) => r.misses);
      const latencies = own.map((r) => r.stops[0].latencySeconds!);
      const [m, p99] = u.intervals[i] as { lo: number; hi: number }[];
      expect(m.lo).toBeLessThanOrEqual(matrix.values[i][0]);
      expect(m.hi).toBeGreaterThanOrEqual(matrix.values[i][0]);
      expect(m.lo).toBeGreaterThanOrEqual(Math.min(...misses));
      expect(m.hi).toBeLessThanOrEqual(Math.max(...misses));
      // The p99 of resampled stops is always one of the stops' latencies.
      expect(latencies).toContain(p99.lo);
      expect(latencies).toContain(p99.hi);
    });
  });

  it('hand case: two seeds 0 and 10 give resampled means 0, 5 or 10, so a 95% interval of [0, 10]', () => {
    const results = [run('a', { seed: 1, misses: 0 }), run('a', { seed: 2, misses: 10 })];
    const { u } = analyse(results);
    expect(u.intervals[0][0]).toEqual({ lo: 0, hi: 10 });
    const { u: narrow } = analyse(results, { ...options, confidence: 0.5 });
    expect(narrow.intervals[0][0]).toEqual({ lo: 5, hi: 5 });
  });

  it('intervals shrink as runs grow (about as 1/√n)', () => {
    const width = (seeds: number) => {
      const { u } = analyse(noisy(seeds));
      const m = u.intervals[0][0]!;
      return m.hi - m.lo;
    };
    const [few, more, many] = [width(10), width(40), width(160)];
    expect(more).toBeLessThan(few * 0.85);
    expect(many).toBeLessThan(more * 0.85);
    expect(many).toBeLessThan(few / 2);
  });

  it('counts the share of resamples each strategy wins, and is seeded', () => {
    const { u } = analyse(noisy(10));
    expect(u.seedStability.map((s) => s.strategy)).toEqual(['a', 'b']);
    expect(u.seedStability[0].share + u.seedStability[1].share).toBeCloseTo(1, 12);
    // a misses about 10 a run, b about 12: a wins most resamples, not all.
    expect(u.seedStability[0].share).toBeGreaterThan(0.5);
    expect(u.seedStability[0].share).toBeLessThan(1);
    expect(analyse(noisy(10)).u).toEqual(u);
    expect(analyse(noisy(10), { ...options, seed: 2 }).u.seedStability).not.toEqual(u.seedStability);
    // With many seeds the same difference is sure.
    expect(analyse(noisy(400)).u.seedStability[0].share).toBeGreaterThan(0.99);
  });
});
