import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/oracle/result.js';
import type { Assumptions } from '../../src/scenario/assumptions.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulateScenario } from '../../src/simulate.js';
import { STRATEGIES, strategyById } from '../../src/strategies/registry.js';

/**
 * The acceptance cases: each assumption's default follows the public code, and its other
 * reading changes the outcome the way it says, on the shipped scenarios.
 */
const file = (name: string, over: Partial<Assumptions> = {}, runs = 2): Scenario => {
  const sc = loadScenarioFile(`scenarios/${name}.yaml`);
  return { ...sc, runs, assumptions: { ...sc.assumptions, ...over } };
};
const results = (sc: Scenario, ids: string[]): RunResult[] => simulateScenario(sc, ids.map(strategyById));
const appending = STRATEGIES.filter((s) => s.needs.includes('append')).map((s) => s.id);

describe('assumptions on the shipped scenarios', () => {
  it("shared-destination: restart deletes no other job's file by default (overwrite: per-file), 40 a run with overwrite: folder", () => {
    for (const r of results(file('shared-destination'), ['restart'])) expect(r.collateralDeletes).toBe(0);
    for (const r of results(file('shared-destination', { overwrite: 'folder' }), ['restart'])) expect(r.collateralDeletes).toBe(40);
  });

  it('large-natives: every drain-stop meets the budget by default; with downloadCancellable: false a long copy holds it to a kill', () => {
    const drainStopping = STRATEGIES.filter((s) => s.drainStop).map((s) => s.id);
    const cancellable = results(file('large-natives', {}, 4), drainStopping);
    for (const r of cancellable) for (const s of r.stops) if (s.outcome !== 'not-running') expect(s.withinBudget, `${r.strategy} seed ${r.seed}`).toBe(true);
    const held = results(file('large-natives', { downloadCancellable: false }, 4), drainStopping);
    // A stop that meets a 400 s copy of a 40 GB native waits for it: killed at the budget.
    expect(held.filter((r) => r.stops.some((s) => s.hardKilled)).length).toBeGreaterThan(held.length / 3);
  });

  it('temp-table-expiry: no failed run by default (RIP falls back to a restart, counted); failures with tempTableGone: fail', () => {
    const kept = ['temp-table', 'temp-table-rows', 'temp-table-exact', 'temp-table-ids', 'temp-table-ids-rows'];
    const fallBack = results(file('temp-table-expiry'), kept);
    for (const r of fallBack) {
      expect(r.failed, r.strategy).toBeNull();
      expect(r.fallbacks, r.strategy).toBe(1);
    }
    for (const r of results(file('temp-table-expiry', { tempTableGone: 'fail' }), kept)) expect(r.failed, r.strategy).toMatch(/^Temp table \d+ no longer exists/);
  });

  it('a kill after an earlier pause (secondStop, then a kill): no duplicates by default; with trimAfterKill: false the JobDetails strategies write the killed run\'s rows twice', () => {
    // swarm-faults, with the secondStop fault forced and a burst of transient errors right after the
    // first resume: IAPI's retry waits hold the second stop past the kill. No churn, so only the
    // kill can write a row twice.
    const sc = file('swarm-faults', {}, 1);
    sc.churn = { ...sc.churn, insertsPerHour: 0, deletesPerHour: 0, sortKeyEditsPerHour: 0 };
    sc.faults = { ...sc.faults, swarm: { ...sc.faults.swarm, ...Object.fromEntries(Object.keys(sc.faults.swarm).map((k) => [k, 0])) }, force: { secondStop: true } };
    sc.events = [{ at: 22 * 60 + 30, kind: 'errors', count: 15 }];
    const trimmed = results(sc, appending);
    for (const r of trimmed) {
      expect(r.stops.map((s) => s.outcome), r.strategy).toEqual(['paused', 'killed']);
      expect(r.duplicates, r.strategy).toBe(0);
    }
    const untrimmed = results({ ...sc, assumptions: { ...sc.assumptions, trimAfterKill: false } }, appending);
    const twice = untrimmed.filter((r) => r.duplicates > 0).map((r) => r.strategy);
    // The file itself is the cursor of keyset and of the strategies that count its rows: they need no trim.
    expect(twice).toEqual(['index-shift', 'artifact-ids', 'temp-table', 'temp-table-exact', 'temp-table-ids']);
  });

  it('statistics: additive never goes down for a restart; the record\'s reset does', () => {
    const additive = results(file('shared-destination', {}, 1), ['restart'])[0];
    const reset = results(file('shared-destination', { statistics: 'reset' }, 1), ['restart'])[0];
    expect(additive.statsRegressions).toBe(0);
    expect(additive.itemsTransferred).toBeGreaterThan(additive.rows);
    expect(reset.statsRegressions).toBe(1);
    expect(reset.itemsTransferred).toBe(reset.rows);
  });

  it("afterKill: today's job reruns after a kill (and fails on the load file the kill left) or is marked failed", () => {
    const sc = file('large-natives', { downloadCancellable: false }, 1);
    expect(results(sc, ['status-quo'])[0].failed).toMatch(/^Overwrite not selected/);
    expect(results({ ...sc, assumptions: { ...sc.assumptions, afterKill: 'fail' } }, ['status-quo'])[0].failed).toMatch(/assumption afterKill: fail/);
  });

  it('every run records the assumptions it used', () => {
    const sc = file('shared-destination', { overwrite: 'folder' }, 1);
    expect(results(sc, ['restart'])[0].assumptions).toEqual(sc.assumptions);
  });
});
