import { describe, expect, it } from 'vitest';
import type { Assumptions } from '../../src/scenario/assumptions.js';
import { jobDetailsJson } from '../../src/model/job-details.js';
import { ARTIFACT_ID_BASE } from '../../src/model/source.js';
import { SeedRun } from '../../src/simulate.js';
import { STRATEGIES, strategyById } from '../../src/strategies/registry.js';
import { scenario } from '../helpers.js';

const run = (sc: ReturnType<typeof scenario>, id: string) => new SeedRun(sc, sc.seed).run(strategyById(id));
const base = { name: 'strategies', source: { documents: 20_000 } } as const;

/** A stop mid-batch and a pause with heavy churn ahead of and behind the resume point. */
const churned = (order: 'artifact-id' | 'sort-key' = 'artifact-id') =>
  scenario({
    ...base,
    source: { documents: 20_000, order },
    stops: [{ at: 230.3, downtime: 3600 }],
    churn: { insertsPerHour: 500, deletesPerHour: 300, entriesPerHour: 200, exitsPerHour: 200, contentEditsPerHour: 500 },
    events: [
      { at: 1000, kind: 'insert', position: 0, count: 300 },
      { at: 1000, kind: 'delete', position: 50, count: 40 },
      { at: 1000, kind: 'insert', position: 15_000, count: 100 },
    ],
  });

describe('every strategy, clean case: one stop, no churn', () => {
  for (const s of STRATEGIES.filter((x) => x.id !== 'status-quo')) {
    it(`${s.id} resumes with no duplicate and no miss, within budget`, () => {
      // The request lands during a prepare step, so the cancel is seen before any row of the batch is written.
      const r = run(scenario({ ...base, stops: [{ at: 99.5, downtime: 600 }] }), s.id);
      expect(r.failed).toBeNull();
      expect(r.duplicates).toBe(0);
      expect(r.misses + r.missesGone).toBe(0);
      expect(r.rows).toBe(20_000);
      expect(r.stops[0].withinBudget).toBe(true);
    });
  }
});

describe('failure modes', () => {
  it('status-quo: over budget when the rest of the export does not fit', () => {
    const r = run(scenario({ ...base, stops: [{ at: 30, downtime: 600 }] }), 'status-quo');
    expect(r.stops[0].hardKilled).toBe(true);
  });

  it('restart: re-exports everything done before the stop; statistics and a shared folder depend on the assumptions', () => {
    const restart = (assumptions: Partial<Assumptions>) =>
      run(scenario({ ...base, job: { sharedFolderFiles: 12 }, stops: [{ at: 230.3, downtime: 600 }], assumptions }), 'restart');
    const r = restart({});
    // 9 batches done before the stop at 230.3 s, and the ~800 documents of batch 10 downloaded before the
    // cancel reached its download at 230.5 s (214.5 s + 16 s at 50 documents/s).
    expect(r.reexportedDocs).toBeGreaterThan(9790);
    expect(r.reexportedDocs).toBeLessThanOrEqual(9800);
    // Each again: 1/50 s of transfer and its share of a batch's 2.7 s of steps; the temp table built again: 3.2 s.
    expect(r.rerunSeconds!).toBeCloseTo(r.reexportedDocs / 50 + r.reexportedDocs * (2.7 / 1000) + 3.2, 2);
    expect(r.duplicates).toBe(0);
    // The code: other jobs' files survive; every return of ExportSearch adds to the statistics (11 batches counted, then all).
    expect(r.collateralDeletes).toBe(0);
    expect(r.statsRegressions).toBe(0);
    expect(r.itemsTransferred).toBe(30_000);
    // The record's readings: the folder is wiped, the statistics go down to 0.
    const record = restart({ overwrite: 'folder', statistics: 'reset' });
    expect(record.collateralDeletes).toBe(12);
    expect(record.statsRegressions).toBe(1);
    expect(record.itemsTransferred).toBe(20_000);
  });

  it('restart under churn: never a duplicate; misses only records gone from the query', () => {
    const r = run(churned(), 'restart');
    expect(r.duplicates).toBe(0);
    expect(r.misses).toBe(0);
    expect(r.missesGone).toBeGreaterThan(0);
    // Records entering during the resumed run, after its snapshot, are not in the file.
    expect(r.missedNewcomers).toBeGreaterThan(0);
  });

  it('index-shift: net inserts ahead of the resume point duplicate rows; the counted-but-truncated batch is missed', () => {
    const events = [
      { at: 1000, kind: 'insert' as const, position: 0, count: 300 },
      { at: 1000, kind: 'delete' as const, position: 50, count: 40 },
      { at: 1000, kind: 'insert' as const, position: 15_000, count: 100 }, // behind the resume point: no effect
    ];
    // Stop seen before a prepare: DocumentsExported = rows, so the shift is off by the net inserts ahead (300 - 40).
    const atBoundary = run(scenario({ ...base, stops: [{ at: 99.5, downtime: 3600 }], events }), 'index-shift');
    expect(atBoundary.duplicates).toBe(260);
    expect(atBoundary.misses).toBe(0);
    // Stop seen after a download: 1000 counted documents were truncated, so the shift overshoots by 1000 - 260.
    const afterDownload = run(scenario({ ...base, stops: [{ at: 230.3, downtime: 3600 }], events }), 'index-shift');
    expect(afterDownload.duplicates).toBe(0);
    expect(afterDownload.misses).toBe(740);
  });

  it('artifact-ids: exact for S0, but the ID list makes JobDetails large and slows the stop', () => {
    const r = run(churned(), 'artifact-ids');
    expect(r.duplicates + r.misses).toBe(0);
    expect(r.jobDetailsMaxBytes).toBeGreaterThan(8 * 9_000); // ~10,000 IDs of 7 digits and a comma
    const small = run(churned(), 'temp-table');
    expect(r.stops[0].latencySeconds!).toBeGreaterThan(small.stops[0].latencySeconds!);
  });

  it('temp-table (2.3 as written): skipping DocumentsExported misses the batch the stop cut', () => {
    const r = run(churned('sort-key'), 'temp-table');
    expect(r.duplicates).toBe(0);
    expect(r.misses).toBeGreaterThan(900);
  });

  it('temp-table-exact: exact under heavy churn; falls back to a restart when the kept table expired', () => {
    const r = run(churned('sort-key'), 'temp-table-exact');
    expect(r.duplicates + r.misses).toBe(0);
    expect(r.tempTableRetainedSeconds).toBeGreaterThan(3599);
    expect(r.tempTableRowSeconds).toBeCloseTo(r.tempTableRetainedSeconds * 20_000, -3);
    expect(r.tempTablesLeft).toBe(0);
    const expired = run(scenario({ ...churned(), job: { tempTableRetentionSeconds: 1800 } }), 'temp-table-exact');
    expect(expired.failed).toBeNull();
    expect(expired.fallbacks).toBe(1);
  });

  it('temp-table-ids-rows: no misses, but every paused temp table is left behind; its count of rows costs read time', () => {
    const r = run(churned('sort-key'), 'temp-table-ids-rows');
    expect(r.misses).toBe(0);
    expect(r.tempTablesLeft).toBe(1);
    // 9,000 rows of 2,000 bytes read at 100 MB/s.
    expect(r.loadFileReadSeconds).toBeCloseTo((9000 * 2000) / 100e6, 6);
  });

  it('keyset: exact on an immutable order; a key edited across the cursor is missed or written twice', () => {
    const clean = run(churned('artifact-id'), 'keyset');
    expect(clean.duplicates + clean.misses).toBe(0);
    const moved = run(
      scenario({
        ...base,
        source: { documents: 20_000, order: 'sort-key' },
        stops: [{ at: 230.3, downtime: 600 }],
        events: [
          { at: 500, kind: 'move', position: 0, count: 20, to: 19_000 }, // done records move ahead: written twice
          { at: 500, kind: 'move', position: 15_000, count: 30, to: 0 }, // pending records move behind: missed
        ],
      }),
      'keyset',
    );
    expect(moved.duplicates).toBe(20);
    expect(moved.misses).toBe(30);
  });
});

describe('JobDetails size', () => {
  it('the computed byte size equals the JSON RIP writes', () => {
    const d = { batchInstance: '0e8dd0d6-bed6-4ff8-9039-2940058b94c1', params: { DestinationFolder: 'x' }, itemsTransferred: 3000, loadFileRows: 2000, ids: new Int32Array([0, 5, 123456]) };
    const json = jobDetailsJson(d, ARTIFACT_ID_BASE);
    expect(JSON.parse(json).BatchParameters.ArtifactIds).toEqual([1_000_000, 1_000_005, 1_123_456]);
    const r = run(scenario({ ...base, source: { documents: 3000 }, stops: [{ at: 30, downtime: 60 }] }), 'artifact-ids');
    expect(r.jobDetailsMaxBytes).toBeGreaterThan(0);
  });
});
