import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary, type ScenarioSpace } from '../../src/check/arbitraries.js';
import { checkStrategy } from '../../src/check/check.js';
import { indexShiftLaw } from '../../src/check/index-shift-law.js';
import { killedAfterPause } from '../../src/check/properties.js';
import { runStarts, simulateSubject } from '../../src/check/subject.js';
import { countedCut } from '../../src/check/counted-cut.js';
import { EVENT_KINDS } from '../../src/scenario/schema.js';
import { STRATEGIES, strategyById } from '../../src/strategies/registry.js';
import { expectHolds, HARSH, HARSH_NEW_AGENTS, TIMING_FAULTS } from './holds.js';

/** Scenarios of a space simulated with a strategy, for coverage counts. */
const sample = (id: string, space: Partial<ScenarioSpace>, runs = 400) =>
  fc.sample(scenarioArbitrary(space), { numRuns: runs, seed: 99 }).map((sc) => simulateSubject(sc, strategyById(id)));

const resumed = (s: ReturnType<typeof sample>[number]) => s.result.failed === null && s.result.stops.some((x) => x.outcome === 'paused' && x.phaseAtSignal !== 'manager');

describe('every strategy', () => {
  for (const s of STRATEGIES) {
    it(`${s.id}: the oracle's counts add up and equal a recount; the same seed gives the same result`, () => {
      expectHolds(s.id, 'oracle-sums', HARSH, 200);
    });
  }
});

describe('the temp-table family (with their IAPI capabilities)', () => {
  const noDeletes = EVENT_KINDS.filter((k) => k !== 'delete');

  it('temp-table-exact: no duplicate and no miss of S0 under every fault but an old agent, any budget and expiry (a kill after a pause is trimmed back)', () => {
    expectHolds('temp-table-exact', 'exact-s0', HARSH_NEW_AGENTS, 500);
  });

  for (const id of ['temp-table-rows', 'temp-table-ids-rows']) {
    it(`${id}: no duplicate and no miss of S0 under every fault but an old agent, while no document is deleted before its batch`, () => {
      expectHolds(id, 'exact-s0', { ...HARSH_NEW_AGENTS, eventKinds: noDeletes }, 400);
    });

    it(`${id}: never a miss; a document deleted before its batch has a position but no row, so the resume starts early`, () => {
      expectHolds(id, 'no-misses', HARSH_NEW_AGENTS, 400);
      const cx = checkStrategy(strategyById(id), { property: 'no-duplicates', runs: 1000, space: { minStops: 1, maxStops: 1, eventKinds: ['delete'] } }).counterexample;
      expect(cx).not.toBeNull();
      expect(cx!.scenario.events.map((e) => e.kind)).toEqual(['delete']);
    });
  }

  for (const id of ['temp-table', 'temp-table-ids']) {
    it(`${id} (as the record writes it): on a static source, each pause skips the documents IAPI counted but did not keep`, () => {
      expectHolds(id, 'skip-documents-exported-law', { eventKinds: ['errors'], faults: TIMING_FAULTS }, 500);
    });
  }

  it('the law is reached: pauses that skip counted-but-cut documents, and a skip that reaches the end', () => {
    const subjects = sample('temp-table', { eventKinds: ['errors'], faults: TIMING_FAULTS }, 500);
    const cuts = subjects.map((s) => ({ s, law: countedCut(s.job) }));
    expect(cuts.filter(({ s, law }) => law.cut > 0 && s.result.misses === law.cut && s.result.failed === null).length).toBeGreaterThan(40);
    expect(cuts.filter(({ law }) => law.pauses >= 2 && law.cut > 0).length).toBeGreaterThan(10);
    expect(cuts.filter(({ s }) => s.result.failed?.startsWith('The chosen start item number')).length).toBeGreaterThan(0);
  });

  it('a stop mid-download, no churn: temp-table misses the counted batch; temp-table-rows is exact', () => {
    // 50 documents in batches of 10 at 5 documents/s: each download takes 2 s; the stop lands in the third.
    const sc = scenarioArbitrary({ eventKinds: [] }).filter(() => true);
    const [base] = fc.sample(sc, { numRuns: 1, seed: 3 });
    Object.assign(base.source, { documents: 50 });
    Object.assign(base.exporter, { batchSize: 10, docsPerSecond: 5 });
    Object.assign(base.files, { meanBytes: 0 });
    // Manager 5 s, build 2 s; batches of 2 + 2 + 0.5 + 0.2 = 4.7 s from 7 s: the third's download runs 18.4 to 20.4 s.
    base.stops = [{ at: 19, downtime: 60 }];
    const asWritten = simulateSubject(base, strategyById('temp-table')).result;
    expect(asWritten.misses).toBe(10);
    expect(asWritten.duplicates).toBe(0);
    const rows = simulateSubject(base, strategyById('temp-table-rows')).result;
    expect(rows.misses + rows.duplicates).toBe(0);
    expect(rows.rows).toBe(50);
  });

  it('with trimAfterKill false, a kill after a pause writes the killed run\'s rows twice (the resume starts from the pause before)', () => {
    // Budgets of 5 to 10 s kill stops that land in a long download.
    const space = { minStops: 2, budgets: { min: 5, max: 10 }, eventKinds: [], assumptions: { trimAfterKill: false, downloadCancellable: false } } as const;
    const report = checkStrategy(strategyById('temp-table-exact'), { property: 'exact-s0', runs: 1000, space });
    const cx = report.counterexample;
    expect(cx).not.toBeNull();
    const replay = simulateSubject(cx!.scenario, strategyById('temp-table-exact'));
    expect(killedAfterPause(replay.result)).toBe(true);
    expect(replay.result.duplicates).toBeGreaterThan(0);
    // Exactly the rows the killed run wrote before the kill are written again.
    const killedRun = runStarts(replay.job).length - 2;
    const folder = replay.job.iapi.folders.get(replay.job.finalFolder)!;
    const h = replay.job.iapi.history;
    let rowsOfKilledRun = 0;
    for (const seg of folder.segments) for (let i = seg.from; i < seg.to; i++) if (h.run[i] === killedRun) rowsOfKilledRun++;
    expect(replay.result.duplicates).toBe(rowsOfKilledRun);
    // The default (trimAfterKill: true) replays the same history without a duplicate.
    const trimmed = simulateSubject({ ...cx!.scenario, assumptions: { ...cx!.scenario.assumptions, trimAfterKill: true } }, strategyById('temp-table-exact'));
    expect(trimmed.result.duplicates).toBe(0);
  });

  it('the spaces reach the cases that matter: most jobs pause and resume, some under faults fail loudly or fall back', () => {
    const plain = sample('temp-table-exact', {});
    expect(plain.filter(resumed).length).toBeGreaterThan(plain.length * 0.6);
    expect(plain.filter((s) => s.result.stops.filter((x) => x.outcome === 'paused').length >= 2).length).toBeGreaterThan(plain.length * 0.1);
    const harsh = sample('temp-table-exact', HARSH);
    expect(harsh.filter(resumed).length).toBeGreaterThan(harsh.length * 0.3);
    expect(harsh.filter((s) => s.result.failed !== null).length).toBeGreaterThan(harsh.length * 0.05);
    expect(harsh.filter((s) => s.result.fallbacks > 0).length).toBeGreaterThan(harsh.length * 0.05);
    expect(harsh.filter((s) => killedAfterPause(s.result)).length).toBeGreaterThan(10);
  });
});

describe('keyset', () => {
  it('on a unique immutable order (artifact ID, Bates): no duplicate and no miss of a record that stayed in the query', () => {
    expectHolds('keyset', 'exact-s0', { ...HARSH, orders: ['artifact-id', 'bates'] }, 400);
  });

  it('on sort-key order without sort-key edits: the same', () => {
    expectHolds('keyset', 'exact-s0', { ...HARSH, orders: ['sort-key'], eventKinds: EVENT_KINDS.filter((k) => k !== 'move') }, 300);
  });

  it('fails only when keys move: any duplicate or miss needs a sort-key edit before the last resume', () => {
    expectHolds('keyset', 'keyset-cursor', HARSH, 400);
  });

  it('and keys that move do break it: one sort-key edit across the cursor is a shrunk counterexample', () => {
    const cx = checkStrategy(strategyById('keyset'), { property: 'exact-s0', runs: 500, space: { orders: ['sort-key'] } }).counterexample;
    expect(cx).not.toBeNull();
    expect(cx!.scenario.events.map((e) => e.kind)).toEqual(['move']);
    expect(cx!.scenario.stops).toHaveLength(1);
  });
});

describe('restart', () => {
  it('never a duplicate; every record in the query at resume time is exported exactly once', () => {
    expectHolds('restart', 'resume-exact', HARSH, 400);
  });
});

describe('index-shift', () => {
  const space: Partial<ScenarioSpace> = { minStops: 1, maxStops: 1, faults: TIMING_FAULTS, eventKinds: EVENT_KINDS.filter((k) => k !== 'errors' && k !== 'edit') };

  it("follows its law: duplicates and misses from the changes ahead of the resume point and DocumentsExported - rows kept", () => {
    expectHolds('index-shift', 'index-shift-law', space, 600);
  });

  it('the law is tested on every case it names: early and late starts, truncated batches, sort-key edits, start-number errors', () => {
    const cases = sample('index-shift', space, 600).flatMap((s) => {
      const law = indexShiftLaw(s.scenario, s.job);
      return law === null ? [] : [{ law, r: s.result }];
    });
    expect(cases.length).toBeGreaterThan(250);
    expect(cases.filter(({ law, r }) => law.shift > 0 && r.duplicates > 0).length).toBeGreaterThan(10);
    expect(cases.filter(({ law, r }) => law.shift < 0 && r.misses > 0).length).toBeGreaterThan(30);
    expect(cases.filter(({ law }) => law.documentsExported > law.rowsKept).length).toBeGreaterThan(30);
    expect(cases.filter(({ law }) => law.moved).length).toBeGreaterThan(10);
    expect(cases.filter(({ law }) => law.startError).length).toBeGreaterThan(0);
    // Where no newcomer lies in the window and nothing leaves it later, the count law is exact.
    const exact = cases.filter(({ law, r }) => !law.moved && !law.startError && r.duplicates === Math.max(0, law.shift) && r.misses === Math.max(0, -law.shift));
    expect(exact.filter(({ law }) => law.shift !== 0).length).toBeGreaterThan(20);
  });
});

describe('status-quo', () => {
  const space: Partial<ScenarioSpace> = { minStops: 1, maxStops: 1, budgets: { min: 5, max: 300 }, faults: TIMING_FAULTS };

  it('within budget exactly when the remaining export (computed from the scenario) fits in it', () => {
    expectHolds('status-quo', 'status-quo-budget', space, 600);
  });

  it('both sides are reached: stops within budget, over it, and killed', () => {
    const running = sample('status-quo', space, 800)
      .map((s) => s.result.stops[0])
      .filter((stop) => stop.outcome !== 'not-running' && stop.phaseAtSignal !== 'manager');
    expect(running.filter((stop) => stop.withinBudget).length).toBeGreaterThan(80);
    expect(running.filter((stop) => stop.hardKilled).length).toBeGreaterThan(80);
    // Late but not killed: the platform kills after the budget.
    expect(running.filter((stop) => !stop.withinBudget && !stop.hardKilled).length).toBeGreaterThan(4);
  });
});
