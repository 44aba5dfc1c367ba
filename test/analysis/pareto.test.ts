import { describe, expect, it } from 'vitest';
import { dominates, paretoFront, paretoPoints } from '../../src/analysis/pareto.js';

const point = (strategy: string, correctness: number, p99StopLatency: number, rerunSeconds: number) => ({
  strategy,
  correctness,
  p99StopLatency,
  rerunSeconds,
});

describe('Pareto front', () => {
  it('keeps the trade-offs and names who dominates the rest', () => {
    const points = [
      point('status-quo', 0, 300, 0), // correct and free, but slow to stop: on the front
      point('restart', 40, 10, 500), // dominated by index-shift (worse on all three)
      point('index-shift', 30, 10, 20), // fast and cheap, some anomalies: on the front
      point('temp-table', 0, 12, 30), // correct and fast: on the front
      point('artifact-ids', 0, 15, 30), // dominated by temp-table (same correctness and rerun, slower)
      point('temp-table-ids', 0, 12, 30), // equal to temp-table: neither dominates, both on the front
    ];
    expect(paretoFront(points)).toEqual({
      front: ['status-quo', 'index-shift', 'temp-table', 'temp-table-ids'],
      dominated: [
        { strategy: 'restart', by: ['index-shift'] },
        { strategy: 'artifact-ids', by: ['temp-table', 'temp-table-ids'] },
      ],
    });
    expect(dominates(points[3], points[5])).toBe(false);
  });

  it('adds duplicates and misses into correctness', () => {
    const matrix = {
      strategies: ['a'],
      criteria: ['duplicates', 'misses', 'p99StopLatency', 'rerunSeconds'],
      values: [[2, 3, 40, 7]],
    };
    expect(paretoPoints(matrix)).toEqual([point('a', 5, 40, 7)]);
  });
});
