import { describe, expect, it } from 'vitest';
import { checkConstraints, unmetByAll } from '../../src/analysis/constraints.js';
import { run, stop } from './fixtures.js';

const strict = { maxP99LatencyOverBudget: 0, allowMisses: false, allowDuplicates: false, allowFailures: false };

describe('constraints', () => {
  it('keeps a clean strategy and rules the others out with the numbers why', () => {
    const results = [
      run('temp-table', { seed: 1, stops: [stop(20)] }),
      run('temp-table', { seed: 2, stops: [stop(40)] }),
      run('index-shift', { seed: 1, duplicates: 3, misses: 2, stops: [stop(10)] }),
      run('index-shift', { seed: 2, misses: 5, missesGone: 9, stops: [stop(10)] }),
      run('artifact-ids', { seed: 1, stops: [stop(320)] }),
      run('artifact-ids', { seed: 2, failed: 'JobDetails too large', stops: [stop(10)] }),
    ];
    expect(checkConstraints(results, strict, 300)).toEqual([
      {
        strategy: 'index-shift',
        feasible: false,
        reasons: [
          '2 of 2 runs missed records still in the query (up to 5 in one run); misses are not allowed',
          '1 of 2 runs wrote duplicate rows (up to 3 in one run); duplicates are not allowed',
        ],
        broken: [
          { constraint: 'no misses', reason: '2 of 2 runs missed records still in the query (up to 5 in one run); misses are not allowed' },
          { constraint: 'no duplicates', reason: '1 of 2 runs wrote duplicate rows (up to 3 in one run); duplicates are not allowed' },
        ],
      },
      {
        strategy: 'artifact-ids',
        feasible: false,
        reasons: [
          'p99 stop latency 320 s is 20 s over the 300 s budget (allowed: 0 s over)',
          '1 of 2 runs failed (first: "JobDetails too large")',
        ],
        broken: [
          { constraint: 'the stop budget at p99', reason: 'p99 stop latency 320 s is 20 s over the 300 s budget (allowed: 0 s over)' },
          { constraint: 'no failed runs', reason: '1 of 2 runs failed' },
        ],
      },
      { strategy: 'temp-table', feasible: true, reasons: [], broken: [] },
    ]);
  });

  it('a scenario in which every strategy breaks a constraint rules none out, and is named', () => {
    // Scenario "huge-native": one file copy outlasts the budget, so every strategy is killed there.
    const results = ['temp-table', 'keyset'].flatMap((s) => [
      run(s, { scenario: 'huge-native', stops: [stop(300, { hardKilled: true, outcome: 'killed' })] }),
      run(s, { scenario: 'normal', stops: [stop(s === 'keyset' ? 400 : 20)] }),
    ]);
    expect(unmetByAll(results, strict, 300)).toEqual([{ scenario: 'huge-native', constraint: 'the stop budget at p99' }]);
    expect(checkConstraints(results, strict, 300)).toEqual([
      { strategy: 'temp-table', feasible: true, reasons: [], broken: [] },
      {
        strategy: 'keyset',
        feasible: false,
        reasons: ['p99 stop latency 400 s is 100 s over the 300 s budget (allowed: 0 s over)'],
        broken: [{ constraint: 'the stop budget at p99', reason: 'p99 stop latency 400 s is 100 s over the 300 s budget (allowed: 0 s over)' }],
      },
    ]);
    // With one strategy there is nothing to tell apart: its own runs decide.
    expect(unmetByAll(results.filter((r) => r.strategy === 'keyset'), strict, 300)).toEqual([]);
  });

  it('counts a kill at the budget as over budget', () => {
    const results = [run('status-quo', { stops: [stop(300, { hardKilled: true, outcome: 'killed' })] })];
    expect(checkConstraints(results, strict, 300)[0].reasons).toEqual([
      'p99 stop latency: 1 of 1 stop ended with the platform killing the agent (a kill is not a drain-stop)',
    ]);
  });

  it('does not count records that left the query as misses, and honours what is allowed', () => {
    const results = [run('restart', { missesGone: 4, duplicates: 2, failed: 'x', stops: [stop(330)] })];
    const lenient = { maxP99LatencyOverBudget: 30, allowMisses: false, allowDuplicates: true, allowFailures: true };
    expect(checkConstraints(results, lenient, 300)).toEqual([{ strategy: 'restart', feasible: true, reasons: [], broken: [] }]);
  });
});
