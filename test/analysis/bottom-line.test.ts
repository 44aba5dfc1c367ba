import { ASSUMPTION_KEYS } from '../../src/scenario/assumptions.js';
import { describe, expect, it } from 'vitest';
import { assumptionsUsed } from '../../src/analysis/assumptions-used.js';
import { bottomLine, failedRun } from '../../src/analysis/bottom-line.js';
import { analyseDecision } from '../../src/analysis/decision.js';
import { loadDecision, parseDecision } from '../../src/analysis/decision-file.js';
import type { RunResult } from '../../src/oracle/result.js';
import { run, stop } from './fixtures.js';

/** Two scenarios × two seeds: restart is clean but slow to rerun; artifact-ids reruns fast; index-shift misses; status-quo is killed and fails. */
function results(): RunResult[] {
  return ['a', 'b'].flatMap((scenario) =>
    [1, 2].flatMap((seed) => {
      const at = { scenario, seed };
      return [
        run('status-quo', { ...at, rerunSeconds: -500, failed: 'Overwrite not selected', stops: [stop(300, { hardKilled: true, outcome: 'killed', withinBudget: false })] }),
        run('restart', { ...at, rerunSeconds: 900 + seed, stops: [stop(12)] }),
        run('index-shift', { ...at, misses: 7, rerunSeconds: 20, stops: [stop(10)] }),
        run('artifact-ids', { ...at, rerunSeconds: 30, jobDetailsMaxBytes: 5000, stops: [stop(20)] }),
      ];
    }),
  );
}

describe('the bottom line', () => {
  const decision = loadDecision('scenarios/decision.yaml');
  const analysis = analyseDecision(results(), decision);
  const bl = bottomLine(analysis, results());

  it('names the choice, the runner-up and the margin as the ranking has them', () => {
    expect(bl.kind).toBe('chosen');
    const [first, second] = analysis.weightedSum.entries;
    expect(bl.recommended).toEqual([first.strategy]);
    expect(bl.runnerUp).toEqual({ strategy: second.strategy, score: second.score, margin: first.score - second.score });
  });

  it('splits the margin over the criteria: the drivers add up to it, and the estimates are named', () => {
    const sum = bl.drivers.reduce((s, d) => s + d.contribution, 0);
    expect(sum).toBeCloseTo(bl.runnerUp!.margin, 12);
    expect(bl.drivers.filter((d) => d.estimate).map((d) => d.criterion).sort()).toEqual(['effort', 'iapiChanges']);
    // restart wins on the estimates while artifact-ids is ahead on what was measured.
    expect(bl.recommended).toEqual(['restart']);
    expect(bl.runnerUp!.strategy).toBe('artifact-ids');
    expect(bl.measuredLeader).toBe('artifact-ids');
    expect(bl.dominatedBy).toEqual([]);
  });

  it('states each strategy’s costs per run and in the worst run, iterating the strategies of the results', () => {
    expect(bl.outcomes.map((o) => [o.strategy, o.status])).toEqual([
      ['status-quo', 'ruled out'],
      ['restart', 'recommended'],
      ['index-shift', 'ruled out'],
      ['artifact-ids', 'runner-up'],
    ]);
    const restart = bl.outcomes[1];
    expect(restart.rerunSeconds).toEqual({ perRun: 901.5, worstRun: 902 });
    expect(bl.outcomes[3].jobDetailsBytesWorst).toBe(5000);
    expect(restart.budget).toMatchObject({ stops: 4, killed: 0, p99Latency: 12, within: true });
    expect(restart.iapiChanges).toBe(0);
    // A failed run has no rerun time: status-quo's negative figure is not a saving.
    const statusQuo = bl.outcomes[0];
    expect(statusQuo.failedRuns).toBe(4);
    expect(statusQuo.rerunSeconds).toBeNull();
    expect(statusQuo.budget).toMatchObject({ killed: 4, p99: Infinity, within: false });
  });

  it('says how sure: weight draws, scenario × seed runs, and the assumptions every run used', () => {
    expect(bl.stability).toMatchObject({ draws: 2000, runs: 4 });
    expect(bl.stability!.weightedSumShare).toBeGreaterThan(0);
    expect(bl.assumptions!.map((a) => a.key)).toEqual(ASSUMPTION_KEYS);
    expect(bl.assumptions!.every((a) => a.values.length === 1)).toBe(true);
    expect(bl.ruledOut.map((r) => r.strategy)).toEqual(['status-quo', 'index-shift']);
    expect(bl.ruledOut[0].broken.map((b) => b.constraint)).toEqual(['the stop budget at p99', 'no failed runs']);
  });

  it('works for strategies it does not know, and has no runner-up when one strategy is left', () => {
    const only = parseDecision({ criteria: { rerunSeconds: { weight: 1, direction: 'min' } } }, 'd.yaml');
    const runs = [run('new-one', { rerunSeconds: 5, stops: [stop(3)] }), run('other', { misses: 2 })];
    const single = bottomLine(analyseDecision(runs, only), runs);
    expect(single.recommended).toEqual(['new-one']);
    expect(single.runnerUp).toBeNull();
    expect(single.outcomes.map((o) => o.strategy)).toEqual(['new-one', 'other']);
    expect(single.outcomes.map((o) => o.iapiChanges)).toEqual([null, null]);
  });

  it('leaves scenarios beyond every strategy out of the budget outcome, and names them', () => {
    const killed = stop(300, { hardKilled: true, outcome: 'killed', withinBudget: false });
    const runs = [...results(), ...['status-quo', 'restart', 'index-shift', 'artifact-ids'].map((s) => run(s, { scenario: 'huge', stops: [killed] }))];
    const wide = bottomLine(analyseDecision(runs, decision), runs);
    expect(wide.scope.beyondAllOnBudget).toEqual(['huge']);
    expect(wide.scope.beyondAll).toEqual([{ scenario: 'huge', constraints: ['the stop budget at p99'] }]);
    expect(wide.outcomes.find((o) => o.strategy === 'restart')!.budget).toMatchObject({ stops: 4, killed: 0, within: true });
  });

  it('treats a null rerun time as a failed run, never as 0', () => {
    const failed = { ...run('restart'), rerunSeconds: null } as unknown as RunResult;
    expect(failedRun(failed)).toBe(true);
    expect(failedRun(run('restart'))).toBe(false);
  });
});

describe('assumptions the runs used', () => {
  it('lists every key with each value and where, generically', () => {
    const withAssumptions = (scenario: string, values: object) => ({ ...run('restart', { scenario }), assumptions: values }) as RunResult;
    const used = assumptionsUsed([
      withAssumptions('a', { overwrite: 'per-file', trimAfterKill: true }),
      withAssumptions('b', { overwrite: 'folder', trimAfterKill: true }),
      withAssumptions('b', { overwrite: 'folder', trimAfterKill: true }),
    ]);
    expect(used).toEqual([
      { key: 'overwrite', values: [{ value: 'per-file', scenarios: ['a'], runs: 1 }, { value: 'folder', scenarios: ['b'], runs: 2 }] },
      { key: 'trimAfterKill', values: [{ value: 'true', scenarios: ['a', 'b'], runs: 3 }] },
    ]);
    // Runs written before the model recorded its assumptions.
    expect(assumptionsUsed([{ ...run('restart'), assumptions: undefined } as unknown as RunResult])).toBeNull();
  });
});
