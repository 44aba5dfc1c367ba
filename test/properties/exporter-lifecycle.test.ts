import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SourceChanges } from '../../src/model/changes.js';
import { FaultPlan, Iapi, type ExportEnd, type ExportRequest, type ExportResult } from '../../src/model/exporter.js';
import type { TempTable } from '../../src/model/temp-table.js';
import { stream } from '../../src/model/random.js';
import { DataSource } from '../../src/model/source.js';
import { Trace } from '../../src/model/trace.js';
import { defaultScenario } from '../../src/scenario/defaults.js';
import type { ExporterParams } from '../../src/scenario/types.js';
import { lifecycleSetup, type LifecycleSetup } from './holds.js';

/**
 * Model-based test of IAPI's export lifecycle as RIP drives it: runs of batches cut off by a
 * cancellation (RestoreState; with a cancellable download, inside the download), by a kill (no
 * RestoreState, rows as they are: none of a batch killed in its downloads), or by transient
 * errors beyond the retries; resumes from the kept temp table at the last saved batch; deletes
 * between runs. Each command drives the real `Iapi` (one ExportSearch call) and a small
 * reference model written from DOMAIN.md, and compares them.
 */

const FOLDER = 'lifecycle';
const PAUSE_SECONDS = 10;

/** Transient errors queued by the test: the next `queued` step attempts fail. */
class QueuedErrors extends FaultPlan {
  queued = 0;
  constructor() {
    super(0, [], () => 1);
  }
  override fails(): boolean {
    if (this.queued === 0) return false;
    this.queued--;
    return true;
  }
}

/** The reference model: what IAPI's batches, check points, RestoreState and retries must do. */
interface Model {
  p: ExporterParams;
  /** When the next run starts. */
  t: number;
  /** Records in the query, in export order (deletes remove them). */
  live: number[];
  deleted: Set<number>;
  /** The frozen records of the temp table RIP resumes (null before a freeze it knows of). */
  table: number[] | null;
  /** Where RIP resumes that table: the last saved batch of the last cancelled run (a kill saves nothing). */
  resumeFrom: number;
  /** Records of the rows in the load file, in order. */
  disk: number[];
  queuedErrors: number;
  over: boolean;
  /** Assumption downloadCancellable: the cancel reaches a file copy in progress. */
  cancellable: boolean;
}

/** The real system, and what RIP knows of it. */
interface Real {
  iapi: Iapi;
  source: DataSource;
  errors: QueuedErrors;
  runs: number;
  t: number;
  table: TempTable | null;
  resumeFrom: number;
}

function exporterParams(s: LifecycleSetup): ExporterParams {
  return { ...defaultScenario().exporter, batchSize: s.batchSize, docsPerSecond: s.docsPerSecond };
}

function newReal(s: LifecycleSetup, cancellable: boolean): Real {
  const sc = defaultScenario();
  const source = DataSource.create(s.documents, 'artifact-id', { docsPerSecond: s.docsPerSecond, files: sc.files, sizeKey: 1 });
  const errors = new QueuedErrors();
  const iapi = new Iapi({
    params: exporterParams(s),
    capabilities: { append: true, keepTempTable: true, exportByArtifactIds: true, reportDurablePosition: true, reportRemainingIds: true },
    source,
    changes: new SourceChanges(source, sc.churn, [], stream(1, 'churn')),
    faults: errors,
    timing: stream(1, 'timing'),
    trace: new Trace(),
    sharedFolderFiles: 0,
    tempTableRetentionSeconds: 1e9,
    stall: { from: Infinity, to: Infinity, factor: 1 },
    downloadCancellable: cancellable,
    overwrite: 'per-file',
  });
  return { iapi, source, errors, runs: 0, t: 0, table: null, resumeFrom: 0 };
}

function newModel(s: LifecycleSetup, cancellable: boolean): Model {
  const live = Array.from({ length: s.documents }, (_, i) => i);
  return { p: exporterParams(s), t: 0, live, deleted: new Set(), table: null, resumeFrom: 0, disk: [], queuedErrors: 0, over: false, cancellable };
}

/** The load file's rows as the real folder holds them. */
function diskRows(real: Real): number[] {
  const h = real.iapi.history;
  const rows: number[] = [];
  for (const seg of real.iapi.folders.get(FOLDER)?.segments ?? []) for (let i = seg.from; i < seg.to; i++) rows.push(h.record[i]);
  return rows;
}

interface Expected {
  end: ExportEnd;
  at: number;
  documentsExported: number;
  /** Table position of the last batch this run saved. */
  saved: number;
}

class Cut extends Error {
  constructor(
    readonly end: ExportEnd,
    readonly at: number,
  ) {
    super(end);
  }
}

/**
 * One ExportSearch in the model. A fresh run (RIP knows no table) overwrites the load file and
 * freezes the query (a build the cancellation does not interrupt); a resume continues the kept
 * table at RIP's position. Each batch: prepare, download (a document not deleted at a time; with a
 * cancellable download the cancel stops it at once), the batch's rows written once all downloads
 * finished, validate, save state; DocumentsExported counts every document of a batch whose download
 * began and finished or was cancelled; the cancellation is seen at the check point before each batch
 * and after each of its first three steps; a step attempt that hits a transient error waits and
 * retries, and fails the export once the retries run out; RestoreState truncates to the last saved
 * batch; at the kill everything stops where it stands.
 */
function modelRun(m: Model, cancelAfter: number, killAfter: number, killOnCancel: boolean): Expected {
  const { p } = m;
  const cancelAt = m.t + cancelAfter;
  let killAt = m.t + killAfter;
  let t = m.t;
  let exported = 0;
  const fresh = m.table === null;
  if (fresh) m.disk = [];
  let table = m.table ?? [];
  let pos = m.resumeFrom;
  let saved = pos;
  let savedRows = m.disk.length;
  const advance = (seconds: number) => {
    if (t + seconds > killAt) throw new Cut('killed', killAt);
    t += seconds;
  };
  const retries = (limit: number, wait: number) => {
    for (let attempt = 0; m.queuedErrors > 0; attempt++) {
      m.queuedErrors--;
      if (attempt >= limit) throw new Cut('failed', t);
      advance(wait);
    }
  };
  const checkCancel = () => {
    if (t < cancelAt) return;
    if (killOnCancel) killAt = t;
    if (t + p.truncateSeconds > killAt) throw new Cut('killed', Math.max(t, killAt));
    t += p.truncateSeconds;
    m.disk.length = savedRows;
    m.resumeFrom = saved;
    throw new Cut('cancelled', t);
  };
  try {
    if (fresh) {
      // The records are frozen when the build starts: a kill during it leaves the table behind.
      table = m.table = m.live.slice();
      pos = saved = m.resumeFrom = 0;
      const buildEnd = t + p.tempTableBaseSeconds + (p.tempTableSecondsPerMillion * table.length) / 1e6;
      if (buildEnd > killAt) throw new Cut('killed', killAt);
      t = buildEnd;
    }
    // IAPI halts a start number past the rows; a start of 0 on 0 rows halts too.
    if (pos + 1 > table.length) throw new Cut('failed', t);
    while (pos < table.length) {
      checkCancel();
      const end = Math.min(table.length, pos + p.batchSize);
      retries(p.exportErrorRetries, p.exportErrorWaitSeconds);
      advance(p.prepareSeconds);
      checkCancel();
      retries(p.ioErrorRetries, p.ioErrorWaitSeconds);
      const rows: number[] = [];
      let docs = 0;
      let cut = false;
      for (const r of table.slice(pos, end)) {
        if (m.deleted.has(r)) continue;
        docs++;
        if (cut) continue;
        if (m.cancellable && t + 1 / p.docsPerSecond > cancelAt) {
          // The cancel reaches the copy in progress: the download returns then, before any row is written.
          const at = Math.max(t, cancelAt);
          if (at > killAt) throw new Cut('killed', killAt);
          t = at;
          cut = true;
          continue;
        }
        advance(1 / p.docsPerSecond);
        rows.push(r);
      }
      exported += docs;
      if (cut) checkCancel();
      m.disk.push(...rows);
      checkCancel();
      advance(p.validateSeconds);
      checkCancel();
      advance(p.saveStateSeconds);
      pos = saved = end;
      savedRows = m.disk.length;
    }
    m.over = true;
    return { end: 'completed', at: t, documentsExported: exported, saved };
  } catch (e) {
    if (!(e instanceof Cut)) throw e;
    if (e.end === 'failed') m.over = true;
    return { end: e.end, at: e.at, documentsExported: exported, saved };
  }
}

/** RIP's side in the real system: fresh while it knows no table, else the kept table from its position. */
function realRun(real: Real, cancelAfter: number, killAfter: number, killOnCancel: boolean): ExportResult {
  const req: ExportRequest =
    real.table === null
      ? { source: { kind: 'query', startAt: 0 }, folder: FOLDER, overwrite: true, append: false, keepTempTableOnStop: true }
      : { source: { kind: 'temp-table', tableId: real.table.id, skip: real.resumeFrom }, folder: FOLDER, overwrite: false, append: true, keepTempTableOnStop: true };
  const res = real.iapi.run(req, real.runs++, real.t, real.t + cancelAfter, real.t + killAfter, killOnCancel);
  if (res.table !== null && res.table !== real.table) {
    real.table = res.table;
    real.resumeFrom = 0;
  }
  if (res.end === 'cancelled') real.resumeFrom = res.durablePosition;
  return res;
}

class RunCommand implements fc.Command<Model, Real> {
  constructor(
    readonly cancelAfter: number,
    readonly killAfter: number,
    readonly killOnCancel: boolean,
  ) {}
  check(m: Readonly<Model>): boolean {
    return !m.over;
  }
  run(m: Model, real: Real): void {
    const resumedAt = m.table === null ? 0 : m.resumeFrom;
    const rowsBefore = m.table === null ? 0 : m.disk.length;
    const expected = modelRun(m, this.cancelAfter, this.killAfter, this.killOnCancel);
    const got = realRun(real, this.cancelAfter, this.killAfter, this.killOnCancel);
    const disk = diskRows(real);
    const problems = [
      got.end !== expected.end && `ended ${got.end}, the model says ${expected.end}`,
      Math.abs(got.at - expected.at) > 1e-9 && `returned at ${got.at}, the model says ${expected.at}`,
      got.documentsExported !== expected.documentsExported && `DocumentsExported ${got.documentsExported}, the model says ${expected.documentsExported}`,
      got.end !== 'killed' && got.end !== 'failed' && got.durablePosition !== expected.saved && `saved up to table position ${got.durablePosition}, the model says ${expected.saved}`,
      disk.join() !== m.disk.join() && `rows on disk [${disk.join()}], the model says [${m.disk.join()}]`,
    ];
    if (got.end === 'cancelled') {
      // RestoreState never leaves a partial batch: the rows kept are those of whole saved batches.
      const batches = got.durablePosition - resumedAt;
      const wholeRows = m.table!.slice(resumedAt, got.durablePosition).filter((r) => !m.deleted.has(r)).length;
      problems.push(
        batches % m.p.batchSize !== 0 && got.durablePosition !== m.table!.length && `saved position ${got.durablePosition} is not a batch boundary`,
        disk.length !== rowsBefore + wholeRows && `${disk.length} rows after RestoreState; ${rowsBefore} before the run and ${wholeRows} in its saved batches`,
      );
    }
    const found = problems.filter((x): x is string => typeof x === 'string');
    if (found.length > 0) throw new Error(`${this.toString()}: ${found.join('; ')}`);
    m.t = expected.at + PAUSE_SECONDS;
    real.t = got.at + PAUSE_SECONDS;
  }
  toString(): string {
    return `Run(cancel after ${this.cancelAfter} s, kill after ${this.killAfter} s${this.killOnCancel ? ', kill on cancel' : ''})`;
  }
}

class ErrorsCommand implements fc.Command<Model, Real> {
  constructor(readonly count: number) {}
  check(m: Readonly<Model>): boolean {
    return !m.over;
  }
  run(m: Model, real: Real): void {
    m.queuedErrors += this.count;
    real.errors.queued += this.count;
  }
  toString(): string {
    return `Errors(${this.count})`;
  }
}

/** A document is deleted while the job is paused: it has no row when its batch comes. */
class DeleteCommand implements fc.Command<Model, Real> {
  constructor(readonly position: number) {}
  check(m: Readonly<Model>): boolean {
    return !m.over && this.position < m.live.length;
  }
  run(m: Model, real: Real): void {
    const [r] = m.live.splice(this.position, 1);
    m.deleted.add(r);
    real.source.deleteAt(this.position, 1);
    if (real.source.deleted[r] !== 1) throw new Error(`${this.toString()}: the source deleted another record than ${r}`);
  }
  toString(): string {
    return `Delete(position ${this.position})`;
  }
}

const tenths = (max: number) => fc.integer({ min: 0, max: max * 10 }).map((x) => x / 10);
const never = 1e9;
const commands = [
  // Cancelled (a drain-stop): the kill comes well after.
  fc.tuple(tenths(120)).map(([c]) => new RunCommand(c, never, false)),
  // Killed, perhaps with a cancellation seen before it (RestoreState cut off by the kill), or in the temp-table build.
  fc.tuple(tenths(120), tenths(120)).map(([c, k]) => new RunCommand(c, k, false)),
  fc.tuple(tenths(120), tenths(3)).map(([c, k]) => new RunCommand(c, k, false)),
  // Killed the moment the cancellation is seen (before RestoreState).
  fc.tuple(tenths(120)).map(([c]) => new RunCommand(c, never, true)),
  fc.constant(new RunCommand(never, never, false)),
  fc.integer({ min: 1, max: 25 }).map((n) => new ErrorsCommand(n)),
  fc.integer({ min: 0, max: 60 }).map((p) => new DeleteCommand(p)),
];

describe('IAPI export lifecycle against a reference model (fc.commands)', () => {
  it('rows on disk equal the completed batches (plus a batch a kill cut after its downloads); RestoreState never leaves a partial batch', () => {
    fc.assert(
      fc.property(lifecycleSetup, fc.boolean(), fc.commands(commands, { maxCommands: 12 }), (s, cancellable, cmds) => {
        fc.modelRun(() => ({ model: newModel(s, cancellable), real: newReal(s, cancellable) }), cmds);
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});
