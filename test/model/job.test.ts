import { describe, expect, it } from 'vitest';
import { classify } from '../../src/oracle/classify.js';
import { SeedRun } from '../../src/simulate.js';
import { strategyById } from '../../src/strategies/registry.js';
import type { ScriptedEvent } from '../../src/scenario/types.js';
import { BATCH_SECONDS, scenario } from '../helpers.js';

const run = (sc: ReturnType<typeof scenario>, id: string) => new SeedRun(sc, sc.seed).run(strategyById(id));
const job = (sc: ReturnType<typeof scenario>, id: string) => new SeedRun(sc, sc.seed).job(strategyById(id));

// 10,000 documents: manager 5 s, temp table 2 + 60 * 0.01 = 2.6 s, batches from 7.6 s, 22.7 s each.
const FIRST_BATCH = 7.6;
const small = (over: Parameters<typeof scenario>[0] = {}) => scenario({ name: 'job', source: { documents: 10_000 }, ...over });

describe('ExportWorker without stops', () => {
  it('exports every record once, batch after batch', () => {
    const r = run(small(), 'temp-table');
    expect(r.rows).toBe(10_000);
    expect(r.duplicates + r.misses + r.missesGone).toBe(0);
    expect(r.completionSeconds).toBeCloseTo(FIRST_BATCH + 10 * BATCH_SECONDS, 6);
    expect(r.exportRuns).toBe(1);
    expect(r.rerunSeconds).toBe(0);
    expect(r.itemsTransferred).toBe(10_000);
  });
});

describe('drain-stop timing', () => {
  it('is seen at the next 0.5 s poll; the cancel reaches the download in progress (downloadCancellable)', () => {
    // Batch 4 starts at 98.4 and its prepare ends at 100.4; the poll sees the 100.2 request at 100.5,
    // in the batch's download, which returns then.
    const j = job(small({ stops: [{ at: 100.2, downtime: 60 }] }), 'temp-table');
    const s = j.stops[0];
    expect(s.detectedAt).toBeCloseTo(100.5, 9);
    // 100.5 cancel, 1 s RestoreState, JobDetails write 0.05 s + bytes / 20 MB/s.
    expect(s.latencySeconds!).toBeGreaterThan(100.5 + 1 + 0.05 - 100.2 - 1e-6);
    expect(s.latencySeconds!).toBeLessThan(100.5 + 1 + 0.06 - 100.2);
    expect(s.outcome).toBe('paused');
    // The cancelled download wrote no rows; DocumentsExported still counts the whole batch.
    expect(j.trace.events.find((e) => e.kind === 'truncated')!.a).toBe(4000);
    expect(j.jobDetails[0].params.TempTableSkip).toBe(5000);
  });

  it('with downloadCancellable false, it is met at the next check point between batch steps', () => {
    // The first check point at or after 100.5 is the one after the download (120.4).
    const r = run(small({ stops: [{ at: 100.2, downtime: 60 }], assumptions: { downloadCancellable: false } }), 'temp-table');
    const s = r.stops[0];
    expect(s.latencySeconds!).toBeGreaterThan(120.4 + 1 + 0.05 - 100.2 - 1e-6);
    expect(s.latencySeconds!).toBeLessThan(120.4 + 1 + 0.06 - 100.2);
    expect(s.withinBudget).toBe(true);
  });

  it('a request during prepare is met right after it', () => {
    const r = run(small({ stops: [{ at: 99.5, downtime: 60 }] }), 'temp-table');
    expect(r.stops[0].latencySeconds!).toBeLessThan(100.4 + 1.06 - 99.5);
  });

  it('truncates the load file to the last saved batch while DocumentsExported counts the cut batch', () => {
    const j = job(small({ stops: [{ at: 100.2, downtime: 60 }] }), 'index-shift');
    const truncated = j.trace.events.find((e) => e.kind === 'truncated')!;
    expect(truncated.a).toBe(4000); // rows kept: batches 0-3
    expect(j.jobDetails[0].params.StartAtDocumentNumber).toBe(5000); // batch 4 was counted, then cut
  });

  it('the temp-table build is not cancellable', () => {
    // 6M documents: build 2 + 360 s; the stop at 10 s waits for it, past the 300 s kill.
    const r = run(scenario({ name: 'big', source: { documents: 6_000_000 }, stops: [{ at: 10, downtime: 60 }] }), 'temp-table');
    expect(r.stops[0].hardKilled).toBe(true);
    expect(r.stops[0].latencySeconds).toBe(300);
    expect(r.stops[0].phaseAtSignal).toBe('temp-table');
  });

  it('the ExportManager TotalCount query is waited for, then the worker starts after the downtime', () => {
    const j = job(small({ manager: { totalCountSeconds: 60 }, stops: [{ at: 10, downtime: 100 }] }), 'temp-table');
    expect(j.stops[0].latencySeconds).toBe(50);
    expect(j.stops[0].phaseAtSignal).toBe('manager');
    expect(j.trace.events.find((e) => e.kind === 'run-start')!.t).toBe(160);
  });

  it('transient errors hold the stop for IAPI retry waits', () => {
    const r = run(small({ stops: [{ at: 100.2, downtime: 60 }], events: [{ at: 100, kind: 'errors', count: 5 }] }), 'temp-table');
    // The download attempt at 100.4 fails 5 times (30 s waits, not cancellable); the download then returns at once.
    expect(r.stops[0].latencySeconds!).toBeCloseTo(100.4 + 150 + 1 + 0.05 - 100.2, 2);
    expect(r.stops[0].phaseAtSignal).toBe('batch');
    // A download the cancel cannot reach runs its 20 s first.
    const whole = run(small({ stops: [{ at: 100.2, downtime: 60 }], events: [{ at: 100, kind: 'errors', count: 5 }], assumptions: { downloadCancellable: false } }), 'temp-table');
    expect(whole.stops[0].latencySeconds!).toBeCloseTo(100.4 + 150 + 20 + 1 + 0.05 - 100.2, 2);
    const killed = run(small({ stops: [{ at: 100.2, downtime: 60 }], events: [{ at: 100, kind: 'errors', count: 10 }] }), 'temp-table');
    expect(killed.stops[0].hardKilled).toBe(true);
  });

  it('names the phase each request lands in: a retry wait, a pause', () => {
    // Retry waits from 100.4 to 250.4; the first stop pauses the job at about 271.8 for 600 s.
    const r = run(small({ stops: [{ at: 140, downtime: 600 }, { at: 400, downtime: 60 }], events: [{ at: 100, kind: 'errors', count: 5 }] }), 'temp-table');
    expect(r.stops.map((s) => s.phaseAtSignal)).toEqual(['retry-wait', 'paused']);
  });

  it('fails the job when a transient error outlasts the retries', () => {
    const r = run(small({ events: [{ at: 50, kind: 'errors', count: 21 }] }), 'temp-table');
    expect(r.failed).toMatch(/persisted after 20 retries/);
    expect(r.completionSeconds).toBeNull();
  });
});

describe("RIP's DrainStopTimeoutSeconds", () => {
  // One document a batch taking 400 s (a file copy the cancel cannot reach); the stop at 10 s is seen at 10 s.
  const slow = (drainStopTimeoutSeconds: number | null) =>
    small({
      source: { documents: 5 },
      exporter: { batchSize: 1, docsPerSecond: 1 / 400 },
      job: { drainStopTimeoutSeconds },
      stops: [{ at: 10, downtime: 60 }],
      assumptions: { downloadCancellable: false },
    });

  it('off (the export flow today): the platform kills the agent at the budget', () => {
    const s = run(slow(null), 'temp-table').stops[0];
    expect(s).toMatchObject({ outcome: 'killed', hardKilled: true, withinBudget: false, latencySeconds: 300 });
  });

  it('on: RIP aborts the worker thread that long after the stop is seen, within the budget', () => {
    const j = job(slow(180), 'temp-table');
    expect(j.stops[0]).toMatchObject({ outcome: 'aborted', hardKilled: false, withinBudget: true, latencySeconds: 180 });
    // Like a kill for the files: no RestoreState, no JobDetails, so the resume has nothing to
    // resume from and starts over, cleaning the load file the aborted run left.
    expect(j.jobDetails).toHaveLength(0);
    expect(j.trace.events.some((e) => e.kind === 'truncated')).toBe(false);
    expect(j.trace.events.filter((e) => e.kind === 'overwrite-clean')).toHaveLength(1);
    expect(j.failed).toBeNull();
  });

  it('does not apply to a job that ignores drain-stop', () => {
    expect(run(slow(180), 'status-quo').stops[0].outcome).toBe('killed');
  });
});

describe('status quo: export ignores drain-stop', () => {
  it('is within budget when the rest of the export fits in it', () => {
    const r = run(small({ stops: [{ at: 100, downtime: 60 }] }), 'status-quo');
    expect(r.stops[0].outcome).toBe('completed');
    expect(r.stops[0].latencySeconds).toBeCloseTo(FIRST_BATCH + 10 * BATCH_SECONDS - 100, 6);
    expect(r.stops[0].withinBudget).toBe(true);
  });

  it('misses the budget, is killed, and the rerun fails on the overwrite check', () => {
    const r = run(scenario({ name: 'sq', source: { documents: 50_000 }, stops: [{ at: 100, downtime: 60 }] }), 'status-quo');
    expect(r.stops[0].hardKilled).toBe(true);
    expect(r.stops[0].withinBudget).toBe(false);
    expect(r.failed).toBe("Overwrite not selected and file '\\\\fileshare\\DataTransfer\\Export\\sq\\sq_export.dat' exists.");
    expect(r.tempTablesLeft).toBe(1); // the killed run's table is orphaned
  });

  const overwriting = (overwrite: 'per-file' | 'folder') =>
    scenario({ name: 'sq', source: { documents: 50_000 }, job: { overwrite: true, sharedFolderFiles: 7 }, stops: [{ at: 100, downtime: 60 }], assumptions: { overwrite } });

  it('with Overwrite on, the rerun rewrites its own files; other jobs\' files survive (the code\'s reading)', () => {
    const r = run(overwriting('per-file'), 'status-quo');
    expect(r.failed).toBeNull();
    expect(r.collateralDeletes).toBe(0);
    expect(r.duplicates).toBe(0);
    // The killed run saw no return of ExportSearch: the rerun's statistics start from 0 again.
    expect(r.statsRegressions).toBe(1);
  });

  it("with overwrite: folder (the record's reading), the rerun cleans the whole folder, other jobs included", () => {
    const r = run(overwriting('folder'), 'status-quo');
    expect(r.collateralDeletes).toBe(7);
    expect(r.duplicates).toBe(0);
  });

  it('a kill in the downloads leaves their files but none of the batch\'s rows (no RestoreState runs)', () => {
    const j = job(scenario({ name: 'sq', source: { documents: 50_000 }, job: { overwrite: true }, stops: [{ at: 100, downtime: 60 }] }), 'status-quo');
    const ops = j.iapi.folders.get('sq')!.ops;
    const files = ops.find((o) => o.kind === 'files');
    expect(files).toBeDefined();
    const rowsAtKill = ops.filter((o) => o.kind === 'append' && o.t <= files!.t).reduce((n, o) => n + (o.kind === 'append' ? o.to - o.from : 0), 0);
    expect(rowsAtKill % 1000).toBe(0);
    const history = j.iapi.history;
    const firstRunDownloads = Array.from(history.run.subarray(0, history.length)).filter((x) => x === 0).length;
    expect(firstRunDownloads % 1000).not.toBe(0);
  });
});

describe('an empty data source', () => {
  it('ExportManager creates no ExportWorker for a TotalCount of 0: the job ends empty, no export run, no error', () => {
    for (const id of ['status-quo', 'restart', 'temp-table-exact']) {
      const r = run(small({ source: { documents: 0 }, stops: [{ at: 2, downtime: 60 }] }), id);
      expect(r.failed).toBeNull();
      expect(r.exportRuns).toBe(0);
      expect(r.rows).toBe(0);
      expect(r.completionSeconds).toBe(5);
    }
  });

  it('a resumed run on a query emptied during the pause halts, as IAPI does for a start of 0 on 0 rows', () => {
    const r = run(small({ stops: [{ at: 100, downtime: 600 }], events: [{ at: 300, kind: 'exit', position: 0, count: 10_000 }] }), 'restart');
    expect(r.failed).toBe('The chosen start item number (1) exceeds the number of documents (0) in the export.');
  });
});

describe('IAPI refusals', () => {
  it('start number beyond the rows: the export halts with IAPI\'s error', () => {
    const r = run(small({ stops: [{ at: 200, downtime: 200 }], events: [{ at: 300, kind: 'delete', position: 0, count: 5000 }] }), 'index-shift');
    expect(r.failed).toMatch(/^The chosen start item number \(\d+\) exceeds the number of documents \(5000\) in the export\.$/);
  });

  it('a strategy without its capability fails naming it', () => {
    const r = run(small({ iapi: { append: false }, stops: [{ at: 100, downtime: 60 }] }), 'index-shift');
    expect(r.failed).toBe("strategy 'index-shift' needs IAPI capability 'append' (scenario iapi.append is false)");
    expect(r.stops[0].outcome).toBe('failed');
  });

  const expiring = (tempTableGone: 'restart' | 'fail') =>
    small({ job: { tempTableRetentionSeconds: 100 }, stops: [{ at: 100, downtime: 600 }], assumptions: { tempTableGone } });

  it('a kept temp table that expired during the pause: RIP falls back to a restart (tempTableGone: restart)', () => {
    const r = run(expiring('restart'), 'temp-table-exact');
    expect(r.failed).toBeNull();
    expect(r.fallbacks).toBe(1);
    expect(r.duplicates + r.misses).toBe(0);
    expect(r.rows).toBe(10_000);
    expect(r.tempTableRetainedSeconds).toBe(100);
    expect(r.rerunSeconds!).toBeGreaterThan(4000 / 50);
  });

  it('... or fails the resume (tempTableGone: fail)', () => {
    const r = run(expiring('fail'), 'temp-table-exact');
    expect(r.failed).toBe('Temp table 0 no longer exists (expired after the 100 s retention).');
    expect(r.rerunSeconds).toBeNull();
    expect(run(expiring('fail'), 'temp-table-ids').failed).toBe('Temp table 0 no longer exists (expired after the 100 s retention).');
    expect(run(expiring('restart'), 'temp-table-ids').fallbacks).toBe(1);
  });

  it('JobDetails larger than the column fails the pause', () => {
    const r = run(small({ job: { jobDetailsLimitBytes: 10_000 }, stops: [{ at: 100, downtime: 60 }] }), 'artifact-ids');
    expect(r.failed).toMatch(/^JobDetails of \d+ bytes exceed the queue row's limit of 10000 bytes\.$/);
  });
});

describe('several stops', () => {
  it('each stop pauses and resumes; requests during a pause change nothing', () => {
    const sc = small({ stops: [{ at: 50, downtime: 100 }, { at: 100, downtime: 10 }, { at: 200, downtime: 100 }] });
    const r = run(sc, 'temp-table-exact');
    expect(r.stops.map((s) => s.outcome)).toEqual(['paused', 'not-running', 'paused']);
    expect(r.exportRuns).toBe(3);
    expect(r.duplicates + r.misses).toBe(0);
    const c = classify(job(sc, 'temp-table-exact'));
    expect(c.rows).toBe(10_000);
    // The record's 2.3 skips DocumentsExported: each stop cut a batch it had counted.
    expect(run(sc, 'temp-table').misses).toBe(2000);
  });
});

describe('the end state the oracle judges', () => {
  // 100 documents in batches of 10 (2.9 s each from 7.006 s): the last batch downloads from 35.106 s to 35.306 s.
  const tiny = (events: ScriptedEvent[]) => scenario({ name: 'end', source: { documents: 100 }, exporter: { batchSize: 10 }, events });

  it('is the live source when the job ends, not at the last prepare step', () => {
    const r = run(tiny([{ at: 35.2, kind: 'insert', position: 0, count: 1 }]), 'temp-table');
    expect(r.failed).toBeNull();
    expect(r.missedNewcomers).toBe(1);
  });

  it('a job that fails before any prepare step still sees the changes made until it failed', () => {
    // 21 errors exhaust the 20 retries of the first prepare (at 7.006 + 20 * 30 s); record 0 was deleted at 6 s.
    const r = run(tiny([{ at: 0, kind: 'errors', count: 21 }, { at: 6, kind: 'delete', position: 0, count: 1 }]), 'temp-table');
    expect(r.failed).toMatch(/persisted after 20 retries/);
    expect(r.missesGone).toBe(1);
    expect(r.misses).toBe(99);
  });
});

describe('S0 when the first freeze is cut off', () => {
  it('a kill during the first temp-table build still leaves S0: the records frozen at the start', () => {
    // The stop at 5.5 s meets the build (5 s to 7.006 s); a 1 s budget kills the agent at 6.5 s.
    const r = run(scenario({ name: 'build-kill', source: { documents: 100 }, budget: 1, job: { overwrite: true }, stops: [{ at: 5.5, downtime: 10 }] }), 'temp-table');
    expect(r.stops[0].outcome).toBe('killed');
    expect(r.s0).toBe(100);
    expect(r.exportedFromS0).toBe(100);
    expect(r.phantoms).toBe(0);
  });
});
