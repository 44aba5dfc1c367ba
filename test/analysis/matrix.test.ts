import { describe, expect, it } from 'vitest';
import { buildMatrix, column, orderStrategies, runMatrices, selectStrategies } from '../../src/analysis/matrix.js';
import { percentile } from '../../src/analysis/stats.js';
import { InputError } from '../../src/errors.js';
import { run, stop } from './fixtures.js';

describe('decision matrix', () => {
  it('averages over seeds within a scenario, then over scenarios', () => {
    const results = [
      run('keyset', { scenario: 'a', seed: 1, duplicates: 0 }),
      run('keyset', { scenario: 'a', seed: 2, duplicates: 4 }),
      run('keyset', { scenario: 'b', seed: 1, duplicates: 10 }),
    ];
    // (0 + 4) / 2 = 2 for a, 10 for b: (2 + 10) / 2 = 6, not the mean of all runs (14 / 3).
    expect(buildMatrix(results, ['duplicates']).values).toEqual([[6]]);
  });

  it('counts misses (not missesGone: gone from the source is not lost) and reads each measured field', () => {
    const results = [
      run('restart', {
        misses: 2,
        missesGone: 3,
        rerunSeconds: 40,
        jobDetailsMaxBytes: 120,
        tempTableRetainedSeconds: 7,
        collateralDeletes: 5,
        statsRegressions: 1,
      }),
    ];
    const matrix = buildMatrix(results, ['statsRegressions', 'misses', 'rerunSeconds', 'jobDetailsBytes', 'tempTableRetainedSeconds', 'collateralDeletes']);
    expect(matrix.criteria).toEqual(['misses', 'rerunSeconds', 'jobDetailsBytes', 'tempTableRetainedSeconds', 'collateralDeletes', 'statsRegressions']);
    expect(matrix.values).toEqual([[2, 40, 120, 7, 5, 1]]);
  });

  it('takes the nearest-rank p99 over every timed stop of every scenario and seed', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1);
    const results = latencies.map((l, i) =>
      run('temp-table', { scenario: i % 2 ? 'x' : 'y', seed: i, stops: [stop(l), stop(null)] }),
    );
    expect(buildMatrix(results, ['p99StopLatency']).values).toEqual([[99]]);
    expect(percentile([3, 1, 2], 0.99)).toBe(3);
    expect(percentile([], 0.99)).toBe(0);
  });

  it('counts runs, failures, timed and killed stops per strategy', () => {
    const results = [
      run('status-quo', { seed: 1, failed: 'boom', stops: [stop(300, { hardKilled: true, outcome: 'killed' })] }),
      run('status-quo', { seed: 2, stops: [stop(null)] }),
    ];
    expect(buildMatrix(results, ['duplicates']).counts).toEqual([{ runs: 2, failedRuns: 1, timedStops: 1, killedStops: 1 }]);
  });

  it('takes iapiChanges and effort from the inputs and names a missing one', () => {
    const results = [run('restart'), run('keyset')];
    const inputs = { file: 'd.yaml', inputs: { restart: { iapiChanges: 0, effort: 2 }, keyset: { iapiChanges: 2, effort: 3 } } };
    expect(buildMatrix(results, ['effort', 'iapiChanges'], inputs).values).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(() => buildMatrix(results, ['effort'], { file: 'd.yaml', inputs: { restart: { iapiChanges: 0, effort: 2 } } })).toThrow(
      new InputError({ file: 'd.yaml', path: 'inputs.keyset.effort', problem: 'missing for strategy keyset (it has results)', allowed: 'a number per strategy under inputs' }),
    );
  });

  it('orders strategies as the design record does, whatever the result order', () => {
    expect(orderStrategies(['keyset', 'zeta', 'restart', 'alpha', 'status-quo'])).toEqual(['status-quo', 'restart', 'keyset', 'alpha', 'zeta']);
  });

  it('refuses results that do not give every strategy the same scenario and seed runs', () => {
    expect(() => buildMatrix([run('restart', { seed: 1 }), run('keyset', { seed: 1 }), run('restart', { seed: 2 })], ['misses'])).toThrow(
      'results: no run of keyset for scenario base seed 2',
    );
    expect(() => buildMatrix([run('restart'), run('restart')], ['misses'])).toThrow('two runs of strategy restart');
  });

  it('gives one matrix per scenario and seed, sorted, with a run latency of its slowest stop', () => {
    const results = [
      run('keyset', { scenario: 'b', seed: 2, stops: [stop(3), stop(8)] }),
      run('restart', { scenario: 'b', seed: 2, duplicates: 1 }),
      run('restart', { scenario: 'a', seed: 5 }),
      run('keyset', { scenario: 'a', seed: 5 }),
    ];
    const runs = runMatrices(results, ['duplicates', 'p99StopLatency']);
    expect(runs.map((r) => [r.scenario, r.seed])).toEqual([
      ['a', 5],
      ['b', 2],
    ]);
    expect(runs[1].matrix).toEqual({
      strategies: ['restart', 'keyset'],
      criteria: ['duplicates', 'p99StopLatency'],
      values: [
        [1, 0],
        [0, 8],
      ],
    });
  });

  it('selects rows and reads columns by name', () => {
    const matrix = { strategies: ['a', 'b', 'c'], criteria: ['x', 'y'], values: [[1, 2], [3, 4], [5, 6]] };
    expect(selectStrategies(matrix, ['c', 'a'])).toEqual({ strategies: ['a', 'c'], criteria: ['x', 'y'], values: [[1, 2], [5, 6]] });
    expect(column(matrix, 'y')).toEqual([2, 4, 6]);
    expect(() => column(matrix, 'z')).toThrow('matrix has no criterion z');
  });
});
