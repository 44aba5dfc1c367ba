import { describe, expect, it } from 'vitest';
import { faultCosts, faultsBySeed } from '../../src/report/fault-costs.js';
import { differingParameters } from '../../src/report/scenario-params.js';
import { scenarioStats, spread, verdictOf } from '../../src/report/scenario-stats.js';
import { budgetCell, spreadCell } from '../../src/report/verdict-text.js';
import { run, stop } from '../analysis/fixtures.js';
import { scenario } from '../helpers.js';

describe('per-scenario statistics', () => {
  it('mean, nearest-rank p95 and max over the runs that have the value', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(spread(xs)).toEqual({ mean: 10.5, p95: 19, max: 20, n: 20 });
    expect(spread([null, 4, null])).toEqual({ mean: 4, p95: 4, max: 4, n: 1 });
    expect(spread([null])).toBeNull();
    expect(spreadCell(spread([2, 2]))).toBe('2');
    expect(spreadCell(spread([1, 2, 3]))).toBe('2 / 3 / 3');
  });

  it('a stop ended by a kill is over budget at p99 whatever its latency', () => {
    const sc = scenario();
    const runs = Array.from({ length: 200 }, (_, i) => run('restart', { seed: i, stops: [stop(10)] }));
    expect(verdictOf(sc, 'restart', runs).withinBudget).toBe(true);
    // Killed 120 s after the request, under the 300 s budget: counted as infinitely late all the same.
    const kill = stop(120, { hardKilled: true, withinBudget: false, outcome: 'killed' });
    const withKills = (n: number) => runs.slice(0, 100).map((r, i) => (i < n ? { ...r, stops: [kill] } : r));
    // One kill in 100 stops is the slowest 1%: the nearest-rank p99 (the 99th of 100) is still 10 s.
    expect(verdictOf(sc, 'restart', withKills(1))).toMatchObject({ withinBudget: true, p99: 10, killedStops: 1 });
    const v = verdictOf(sc, 'restart', withKills(2));
    expect(v).toMatchObject({ withinBudget: false, p99: Infinity, killedStops: 2, timedStops: 100 });
    expect(budgetCell(v)).toBe('no: 2 of 100 stops ended by a kill');
    expect(budgetCell(verdictOf(sc, 'restart', [run('restart', { stops: [stop(301)] })]))).toBe('no (p99 301 s)');
    expect(verdictOf(sc, 'restart', [run('restart', { stops: [stop(null)] })]).withinBudget).toBeNull();
  });

  it('verdicts count duplicates, misses, failures and the IAPI capabilities the strategy needs', () => {
    const sc = scenario({ iapi: { append: true, keepTempTable: false, exportByArtifactIds: true } });
    const runs = [run('temp-table', { duplicates: 3, misses: 0 }), run('temp-table', { seed: 2, misses: 7, failed: 'boom' })];
    const v = verdictOf(sc, 'temp-table', runs);
    expect(v).toMatchObject({ maxDuplicates: 3, maxMisses: 7, failedRuns: 1, firstFailure: 'boom', needs: ['append', 'keepTempTable'], unavailable: ['keepTempTable'] });
  });

  it('takes only the scenario\'s own runs of each strategy', () => {
    const sc = scenario({ name: 'mine' });
    const results = [run('restart', { scenario: 'mine', duplicates: 2 }), run('restart', { scenario: 'other', duplicates: 9 }), run('keyset', { scenario: 'mine' })];
    const stats = scenarioStats(sc, results, ['restart', 'keyset']);
    expect(stats.map((s) => s.runs.length)).toEqual([1, 1]);
    expect(stats[0].metrics[0]).toEqual({ mean: 2, p95: 2, max: 2, n: 1 });
  });
});

describe('what a scenario rests on', () => {
  it('lists exactly the parameters that differ from the defaults', () => {
    expect(differingParameters(scenario({ name: 'x', runs: 5, seed: 3 }))).toEqual([]);
    const sc = scenario({ source: { documents: 7 }, stops: [{ at: 10, downtime: 60 }], faults: { force: { secondStop: true } } });
    expect(differingParameters(sc)).toEqual([
      { parameter: 'source.documents', value: '7' },
      { parameter: 'stops', value: '[{at: 10, downtime: 60}]' },
      { parameter: 'faults.force.secondStop', value: 'true' },
    ]);
  });
});

describe('fault costs', () => {
  const runs = [
    run('restart', { seed: 1, faults: ['secondStop'], duplicates: 4 }),
    run('restart', { seed: 2, faults: [], duplicates: 0 }),
    run('restart', { seed: 3, faults: ['secondStop', 'transientErrors'], duplicates: 6, failed: 'x' }),
    run('keyset', { seed: 1, faults: ['secondStop'] }),
    run('keyset', { seed: 2, faults: [] }),
    run('keyset', { seed: 3, faults: ['secondStop', 'transientErrors'] }),
  ];

  it('lists the faults of each seed that had any', () => {
    expect(faultsBySeed(runs)).toEqual([
      { seed: 1, faults: 'secondStop' },
      { seed: 3, faults: 'secondStop, transientErrors' },
    ]);
  });

  it('compares the runs with each fault that occurred on and off, per strategy', () => {
    const costs = faultCosts(runs, ['restart', 'keyset']);
    expect(costs.map((c) => [c.fault, c.seedsOn, c.seedsOff])).toEqual([
      ['secondStop', 2, 1],
      ['transientErrors', 1, 2],
    ]);
    expect(costs[0].cells[0]).toEqual([{ on: 5, off: 0 }, { on: 0, off: 0 }]); // duplicate rows
    expect(costs[1].cells[5][0]).toEqual({ on: 1, off: 0 }); // failed share
  });
});
