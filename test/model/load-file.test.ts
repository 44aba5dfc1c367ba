import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../src/check/arbitraries.js';
import { DestinationFolder, RowHistory } from '../../src/model/load-file.js';
import { SeedRun } from '../../src/simulate.js';
import { STRATEGIES, strategyById } from '../../src/strategies/registry.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenario } from '../helpers.js';

describe('DestinationFolder', () => {
  it('a created file grows as rows are written and is truncated back to a row count', () => {
    const f = new DestinationFolder('job', 0);
    expect(f.loadFileExists).toBe(false);
    f.create(0, 0);
    f.extendTo(1, 5);
    expect(f.rows).toBe(5);
    f.truncate(2, 3);
    expect(f.rows).toBe(3);
    expect(f.lastRow()).toBe(2);
    expect(f.ops.map((o) => o.kind)).toEqual(['create', 'append', 'truncate']);
  });

  it('an append resumes into the same file; a truncation cuts across the appended ranges', () => {
    const f = new DestinationFolder('job', 0);
    f.create(0, 0);
    f.extendTo(1, 4); // rows 0..3 of the history
    f.startAppending(10); // history 4..9 were written elsewhere (another folder)
    f.extendTo(2, 13); // rows 10..12
    expect(f.rows).toBe(7);
    expect(f.lastRow()).toBe(12);
    f.truncate(3, 5);
    expect(f.segments).toEqual([{ from: 0, to: 4 }, { from: 10, to: 11 }]);
    f.truncate(4, 0);
    expect(f.rows).toBe(0);
    expect(f.lastRow()).toBe(-1);
  });

  it("the overwrite cleanup removes the whole folder, other jobs' files included", () => {
    const f = new DestinationFolder('shared', 12);
    f.create(0, 0);
    f.extendTo(1, 3);
    expect(f.clean(2)).toBe(12);
    expect(f.otherFiles).toBe(0);
    expect(f.loadFileExists).toBe(false);
    expect(f.rows).toBe(0);
    expect(f.loadFilePath).toBe('\\\\fileshare\\DataTransfer\\Export\\shared\\shared_export.dat');
  });

  it('the last row is the last row on disk, not a truncated one behind an empty append', () => {
    const f = new DestinationFolder('x', 0);
    f.create(0, 0);
    f.extendTo(1, 20); // rows 0..19 written
    f.truncate(2, 10); // RestoreState keeps 10; history rows 10..19 are cut
    f.startAppending(20); // a resumed run that writes nothing before it is killed
    expect(f.lastRow()).toBe(9);
  });

  it('keyset after a kill that wrote nothing resumes after the last row on disk', () => {
    // Stop 1 lands in a validate step (rows 10..19 written, then truncated); the resumed run (after
    // keyset's 5 s query) is held by 15 transient errors at its first prepare from 30.7 s, and the
    // stop at 40 s is killed at the budget before it writes a row.
    const sc = scenario({
      name: 'lr',
      source: { documents: 100 },
      exporter: { batchSize: 10 },
      stops: [{ at: 12.3, downtime: 10 }, { at: 40, downtime: 10 }],
      events: [{ at: 25, kind: 'errors', count: 15 }],
    });
    const r = new SeedRun(sc, 1).run(strategyById('keyset'));
    expect(r.stops.map((s) => s.outcome)).toEqual(['paused', 'killed']);
    expect(r.duplicates + r.misses).toBe(0);
    expect(r.rows).toBe(100);
  });
});

describe('RowHistory', () => {
  it('grows once per reservation and keeps the rows written', () => {
    const h = new RowHistory(16);
    h.reserve(40);
    for (let i = 0; i < 40; i++) h.record[i] = i * 2;
    h.length = 40;
    h.reserve(100);
    expect(h.record.length).toBeGreaterThanOrEqual(140);
    expect(h.record[39]).toBe(78);
  });

  it("keeps each row's export run as ranges and builds the column on demand", () => {
    const h = new RowHistory(16);
    h.startRun(0);
    h.length = 5;
    h.startRun(1); // a run that writes nothing
    h.startRun(2);
    h.length = 9;
    expect([h.runs, h.runAt(2), h.runStart(2), h.runEnd(2), h.runEnd(1) - h.runStart(1)]).toEqual([3, 2, 5, 9, 0]);
    expect(Array.from(h.run)).toEqual([0, 0, 0, 0, 0, 2, 2, 2, 2]);
  });

  it("keeps each batch's last key, and every row's only when asked", () => {
    const h = new RowHistory(16, { keys: false });
    expect(h.key).toBeNull();
    expect(() => h.keyOf(0)).toThrow(/without its rows' keys/);
    h.length = 3;
    h.endBatch(7.5);
    h.length = 4;
    h.endBatch(1.25);
    expect([h.keyAtEnd(2), h.keyAtEnd(3)]).toEqual([7.5, 1.25]);
    expect(() => h.keyAtEnd(1)).toThrow(/not the last row of a batch/);
  });

  it("a load file's last row is always a batch's last: its key read from the batch equals the row's own", () => {
    const rate = fc.integer({ min: 0, max: 20_000 });
    fc.assert(
      fc.property(scenarioArbitrary({ maxDocuments: 300, orders: ['sort-key'] }), fc.record({ insertsPerHour: rate, sortKeyEditsPerHour: rate, deletesPerHour: rate }), (drawn, c) => {
        const sc: Scenario = { ...drawn, churn: { ...drawn.churn, ...c } };
        const world = new SeedRun(sc, sc.seed);
        for (const s of STRATEGIES) {
          const job = world.job(s);
          const h = job.iapi.history;
          for (const folder of job.iapi.folders.values()) {
            const last = folder.lastRow();
            if (last >= 0) expect(h.keyAtEnd(last)).toBe(h.keyOf(last));
          }
        }
      }),
      { numRuns: 40, seed: 16 },
    );
  }, 120_000);
});
