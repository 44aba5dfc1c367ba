import type { Capability, ExporterParams, IapiCapabilities, ScriptedEvent } from '../scenario/types.js';
import type { SourceChanges } from './changes.js';
import { Arena } from './arena.js';
import type { RecordLists } from './record-lists.js';
import { DestinationFolder, RowHistory } from './load-file.js';
import { normal, type Rng } from './random.js';
import type { DataSource } from './source.js';
import { FrozenVersions, TempTable, tempTableBuildEnd } from './temp-table.js';
import type { Trace } from './trace.js';

/** What an IAPI export run reads. */
export type ExportSource =
  /** The data source query from StartAtDocumentNumber (0-based: rows skipped). */
  | { kind: 'query'; startAt: number }
  /** A list of artifact IDs (record numbers), exported in list order. Needs `exportByArtifactIds`. */
  | { kind: 'ids'; ids: Int32Array }
  /** A kept temp table, skipping its first `skip` positions. Needs `keepTempTable`. */
  | { kind: 'temp-table'; tableId: number; skip: number };

export interface ExportRequest {
  source: ExportSource;
  /** Destination folder name. */
  folder: string;
  /** Overwrite files: clean the destination folder when the load file exists. */
  overwrite: boolean;
  /** Append to an existing load file. Needs `append`. */
  append: boolean;
  /** Keep the temp table when cancelled. Needs `keepTempTable` (without it IAPI drops it, as today). */
  keepTempTableOnStop: boolean;
}

export type ExportEnd = 'completed' | 'cancelled' | 'killed' | 'failed';

export interface ExportResult {
  end: ExportEnd;
  /** When ExportSearch returned (after RestoreState on cancel), or when the agent was killed. */
  at: number;
  /**
   * IAPI's DocumentsExported: documents whose files all finished transferring in this run, plus
   * the whole batch whose download a cancel cut short (FinalizeBatchProcessedCount); RestoreState
   * never takes it back. All RIP can read today; after a stop it can exceed the rows kept.
   */
  documentsExported: number;
  /** The run's temp table (null if the run failed before having one). */
  table: TempTable | null;
  /** Table position up to which batches were saved (where a resume of this table continues exactly). */
  durablePosition: number;
  /** The error message when failed. */
  error: string | null;
  /** The run failed because the kept temp table it was to resume no longer exists. */
  tableGone: boolean;
  /** When the cancellation was observed at a check point (null if never). */
  cancelObservedAt: number | null;
}

/** A failure of the run, thrown inside and turned into an ExportResult. */
class ExportFailure extends Error {}
/** The kept temp table a run was to resume is gone (expired, dropped). */
class TableGone extends ExportFailure {}
/** The agent was killed at `at`. */
class Killed extends Error {
  constructor(readonly at: number) {
    super('killed');
  }
}

/** What one ExportSearch call carries from step to step (one object per run, no closures in the batch loop). */
interface RunState {
  t: number;
  runIndex: number;
  /** When RIP cancels the token (Infinity: never). */
  cancelAt: number;
  /** When the agent is killed (Infinity: never). */
  killAt: number;
  /** The kill lands the moment the cancel is seen (the killBeforeJobDetails fault). */
  killOnCancel: boolean;
  documentsExported: number;
  table: TempTable | null;
  durablePosition: number;
  cancelObservedAt: number | null;
}

export function missingCapability(capability: Capability, what: string): string {
  return `${what} needs IAPI capability '${capability}' (scenario iapi.${capability} is false)`;
}

/** Transient errors: random per step attempt, plus the scenario's scripted bursts. */
export class FaultPlan {
  private readonly probability: number;
  private readonly rng: Rng;
  private readonly bursts: { at: number; count: number }[];
  private next = 0;
  private pending = 0;

  constructor(probability: number, events: ScriptedEvent[], rng: Rng) {
    this.probability = probability;
    this.rng = rng;
    this.bursts = events.flatMap((e) => (e.kind === 'errors' ? [{ at: e.at, count: e.count }] : []));
  }

  /** Does the step attempt starting at time t hit a transient error? */
  fails(t: number): boolean {
    while (this.next < this.bursts.length && this.bursts[this.next].at <= t) this.pending += this.bursts[this.next++].count;
    if (this.pending > 0) {
      this.pending--;
      return true;
    }
    return this.probability > 0 && this.rng() < this.probability;
  }
}

export interface IapiDeps {
  params: ExporterParams;
  capabilities: IapiCapabilities;
  source: DataSource;
  changes: SourceChanges;
  faults: FaultPlan;
  timing: Rng;
  trace: Trace;
  sharedFolderFiles: number;
  tempTableRetentionSeconds: number;
  /** A window in which the file share is `factor` times slower (the stalledShare fault). */
  stall: { from: number; to: number; factor: number };
  /** Assumption `downloadCancellable`: the cancel reaches a file copy in progress. */
  downloadCancellable: boolean;
  /** Assumption `overwrite`: what Overwrite deletes. */
  overwrite: 'per-file' | 'folder';
  /** Keep each row's write time (explanations only). */
  rowTimes?: boolean;
  /** Keep each row's export-order key (default: yes; the suite's fast path keeps each batch's last only). */
  rowKeys?: boolean;
  /** Where the row history, the temp tables and the ID lists live (default: memory of their own). */
  arena?: Arena;
}

/**
 * The IAPI exporter (WinEDDS) as RIP drives it: freeze the records into a temp table, then
 * export in batches of ExportBatchSize (prepare, download files, validate, save state). The
 * cancellation token is checked between the steps of a batch and after each batch, and (with
 * `downloadCancellable`) inside the file transfer; a batch writes its load-file rows only after
 * all its downloads finished (BatchExporter); on cancel RestoreState truncates the load file back
 * to the last saved batch.
 */
export class Iapi {
  readonly history: RowHistory;
  readonly folders = new Map<string, DestinationFolder>();
  readonly tables: TempTable[] = [];
  /** Other jobs' files removed by overwrite cleanups. */
  collateralDeletes = 0;
  private readonly d: IapiDeps;

  private readonly lists: RecordLists;
  private readonly shared: boolean;

  constructor(deps: IapiDeps) {
    this.d = deps;
    const arena = deps.arena ?? new Arena(false);
    this.lists = arena.lists;
    this.shared = arena.shared;
    // A shared arena's history has room for every record and a quarter more (re-exports) before it grows.
    const rows = (arena.shared ? Math.max(deps.source.size, Math.ceil(arena.records * 1.25)) : deps.source.size) + deps.params.batchSize;
    this.history = new RowHistory(rows, { keys: deps.rowKeys !== false, times: deps.rowTimes === true, arena });
  }

  folder(name: string): DestinationFolder {
    let f = this.folders.get(name);
    if (f === undefined) {
      f = new DestinationFolder(name, this.d.sharedFolderFiles);
      this.folders.set(name, f);
    }
    return f;
  }

  table(id: number): TempTable | undefined {
    return this.tables[id];
  }

  /**
   * One ExportSearch call starting at t0. `cancelAt`: when RIP cancels the token (Infinity if
   * never); `killAt`: when the agent is killed (Infinity if never); `killOnCancel`: the kill
   * lands the moment the cancel is seen, before RestoreState (the killBeforeJobDetails fault).
   */
  run(req: ExportRequest, runIndex: number, t0: number, cancelAt: number, killAt: number, killOnCancel = false): ExportResult {
    const { d } = this;
    const st: RunState = { t: t0, runIndex, cancelAt, killAt, killOnCancel, documentsExported: 0, table: null, durablePosition: 0, cancelObservedAt: null };
    const folder = this.folder(req.folder);
    this.history.startRun(runIndex);
    try {
      this.openLoadFile(req, folder, t0, runIndex);
      const { table, start } = this.openTable(req, st);
      st.durablePosition = start;
      let durableRows = folder.rows;
      const p = d.params;
      const records = table.records;
      let pos = start;
      while (pos < records.length) {
        if (this.cancelSeen(st)) return this.restoreState(req, folder, table, durableRows, st);
        const end = Math.min(records.length, pos + p.batchSize);
        // Prepare: the batch's fields are read now, so deletes and edits up to here count.
        this.retries(st, p.exportErrorRetries, p.exportErrorWaitSeconds, 'prepare');
        this.step(st, p.prepareSeconds);
        d.changes.advanceTo(st.t);
        if (this.cancelSeen(st)) return this.restoreState(req, folder, table, durableRows, st);
        this.retries(st, p.ioErrorRetries, p.ioErrorWaitSeconds, 'download');
        const downloaded = this.download(records, pos, end, st);
        if (!downloaded) {
          // A cancelled download returns before the batch's rows are created; its files stay.
          folder.filesOnly(st.t, this.history.length);
          this.cancelSeen(st);
          return this.restoreState(req, folder, table, durableRows, st);
        }
        // BatchExporter writes the batch's rows once all its downloads finished.
        folder.extendTo(st.t, this.history.length);
        if (this.cancelSeen(st)) return this.restoreState(req, folder, table, durableRows, st);
        this.step(st, p.validateSeconds);
        if (this.cancelSeen(st)) return this.restoreState(req, folder, table, durableRows, st);
        this.step(st, p.saveStateSeconds);
        pos = end;
        st.durablePosition = end;
        durableRows = folder.rows;
        d.trace.emit(st.t, 'batch-saved', runIndex, end, durableRows);
      }
      table.drop(st.t, 'dropped by IAPI when the export finished');
      return result(st, 'completed');
    } catch (e) {
      if (e instanceof Killed) {
        st.t = e.at;
        // Files of documents whose downloads finished stay; a batch killed in its downloads wrote no rows.
        if (folder.fileRanges.length > 0) folder.filesOnly(e.at, this.history.length);
        return result(st, 'killed');
      }
      if (e instanceof ExportFailure) {
        st.table?.drop(st.t, 'dropped by IAPI when the export failed');
        d.trace.emit(st.t, 'failed', runIndex, 0, 0, e.message);
        return result(st, 'failed', e.message, e instanceof TableGone);
      }
      throw e;
    }
  }

  /** Has the run seen RIP's cancel at this check point? */
  private cancelSeen(st: RunState): boolean {
    if (st.t < st.cancelAt) return false;
    if (st.cancelObservedAt === null) {
      st.cancelObservedAt = st.t;
      this.d.trace.emit(st.t, 'cancel-observed', st.runIndex, st.durablePosition);
    }
    return true;
  }

  /**
   * The overwrite rules: fail, or (Overwrite on) delete and recreate, or (with the append
   * capability) append. `overwrite: per-file` recreates the load file and leaves every other file
   * (the code: each file is deleted just before it is rewritten); `folder` wipes the folder.
   */
  private openLoadFile(req: ExportRequest, folder: DestinationFolder, t: number, runIndex: number): void {
    if (req.append && !this.d.capabilities.append) throw new ExportFailure(missingCapability('append', 'appending to an existing load file'));
    if (!folder.loadFileExists) return folder.create(t, this.history.length);
    if (req.append) return folder.startAppending(this.history.length);
    if (!req.overwrite) throw new ExportFailure(`Overwrite not selected and file '${folder.loadFilePath}' exists.`);
    const removed = this.d.overwrite === 'folder' ? folder.clean(t) : 0;
    this.collateralDeletes += removed;
    this.d.trace.emit(t, 'overwrite-clean', runIndex, removed, 0, this.d.overwrite);
    folder.create(t, this.history.length);
  }

  /** Freeze the records (temp table build, not cancellable) or attach to a kept table; the run's table goes into `st` as soon as it exists. */
  private openTable(req: ExportRequest, st: RunState): { table: TempTable; start: number } {
    const { d } = this;
    const src = req.source;
    if (src.kind === 'temp-table') {
      if (!d.capabilities.keepTempTable) throw new ExportFailure(missingCapability('keepTempTable', 'resuming from a kept temp table'));
      const table = this.tables[src.tableId];
      if (table === undefined || !table.existsAt(st.t)) throw new TableGone(tableGoneMessage(src.tableId, table));
      table.reuse(st.t);
      st.table = table;
      d.trace.emit(st.t, 'table-reused', st.runIndex, table.id, table.rowCount);
      // The skip is passed as StartAtDocumentNumber: IAPI's start check applies to it.
      checkStart(src.skip, table.rowCount);
      return { table, start: src.skip };
    }
    d.changes.advanceTo(st.t);
    let records: Int32Array;
    if (src.kind === 'ids') {
      if (!d.capabilities.exportByArtifactIds) throw new ExportFailure(missingCapability('exportByArtifactIds', 'exporting a list of artifact IDs'));
      records = this.existing(src.ids);
    } else records = d.source.snapshot();
    const table = new TempTable(this.tables.length, records, st.t);
    if (this.tables.length === 0) table.versions = FrozenVersions.freeze(records, d.source.version, this.lists, this.shared);
    this.tables.push(table);
    // The records are frozen now; a kill during the build still leaves this table (and S0) behind.
    st.table = table;
    const buildEnd = tempTableBuildEnd(d.params, st.t, records.length);
    table.buildSeconds = Math.min(buildEnd, st.killAt) - st.t;
    if (buildEnd > st.killAt) throw new Killed(st.killAt);
    st.t = buildEnd;
    d.trace.emit(st.t, 'table-built', st.runIndex, table.id, table.rowCount);
    const start = src.kind === 'query' ? src.startAt : 0;
    checkStart(start, table.rowCount);
    return { table, start };
  }

  /** The table of a list of IDs: IAPI joins the IDs with the documents that still exist. */
  private existing(ids: Int32Array): Int32Array {
    const deleted = this.d.source.deleted;
    let n = 0;
    for (let i = 0; i < ids.length; i++) if (deleted[ids[i]] === 0) n++;
    const out = this.lists.take(n);
    let j = 0;
    for (let i = 0; i < ids.length; i++) if (deleted[ids[i]] === 0) out[j++] = ids[i];
    return out;
  }

  /** Transient errors of a step and IAPI's retries; the waits are not cancellable (they hold a stop). */
  private retries(st: RunState, retries: number, wait: number, name: string): void {
    const { d } = this;
    for (let attempt = 0; d.faults.fails(st.t); attempt++) {
      if (attempt >= retries) throw new ExportFailure(`IAPI export failed: transient error in the ${name} step persisted after ${retries} retries.`);
      d.trace.emit(st.t, 'retry', st.runIndex, attempt + 1, wait, name);
      st.t += wait;
      if (st.t > st.killAt) throw new Killed(st.killAt);
    }
  }

  /** A fixed-time batch step (with the scenario's jitter). */
  private step(st: RunState, seconds: number): void {
    const { d } = this;
    const j = d.params.jitter;
    st.t += j > 0 && seconds > 0 ? seconds * Math.exp(j * normal(1 - d.timing(), d.timing())) : seconds;
    if (st.t > st.killAt) throw new Killed(st.killAt);
  }

  /**
   * Download the batch's files document by document into the row history (each document's row is
   * prepared as its files complete; the batch writes the rows after the last one). Documents
   * deleted since the freeze have no row. DocumentsExported counts the batch's documents: all of
   * them, also when a cancel cuts the download short (FinalizeBatchProcessedCount). Returns false
   * when the cancel cut it short (`downloadCancellable`): the copy in progress returns at the cancel.
   */
  private download(records: Int32Array, from: number, to: number, st: RunState): boolean {
    const { source } = this.d;
    const h = this.history;
    h.reserve(to - from);
    const { deleted, seconds, version, key } = source;
    const { from: stallFrom, to: stallTo, factor: stallFactor } = this.d.stall;
    const cancelAt = this.d.downloadCancellable ? st.cancelAt : Infinity;
    const killAt = st.killAt;
    const hr = h.record;
    const hv = h.version;
    const hk = h.key;
    const ht = h.time;
    const first = h.length;
    let n = first;
    let t = st.t;
    let docs = 0;
    let cut = false;
    for (let i = from; i < to; i++) {
      const r = records[i];
      if (deleted[r] === 1) continue;
      docs++;
      if (cut) continue;
      const done = t + (t >= stallFrom && t < stallTo ? seconds[r] * stallFactor : seconds[r]);
      if (done > cancelAt) {
        // The cancel reaches the copy in progress (or the download had not begun): it returns then.
        const at = Math.max(t, cancelAt);
        if (at > killAt) {
          h.length = n;
          throw new Killed(killAt);
        }
        t = at;
        cut = true;
        continue;
      }
      if (done > killAt) {
        h.length = n;
        throw new Killed(killAt);
      }
      t = done;
      hr[n] = r;
      hv[n] = version[r];
      if (hk !== null) hk[n] = key[r];
      if (ht !== null) ht[n] = t;
      n++;
    }
    h.length = n;
    st.t = t;
    st.documentsExported += docs;
    if (cut) return false;
    // A keyset resume reads the key of the file's last row, which is always a batch's last.
    if (n > first) h.endBatch(key[hr[n - 1]]);
    return true;
  }

  /** Cancellation seen: RestoreState truncates the load files to the last saved batch. */
  private restoreState(req: ExportRequest, folder: DestinationFolder, table: TempTable, durableRows: number, st: RunState): ExportResult {
    const { d } = this;
    const killAt = st.killOnCancel ? st.t : st.killAt;
    const done = st.t + d.params.truncateSeconds;
    if (done > killAt || killAt <= st.t) throw new Killed(Math.max(st.t, killAt));
    st.t = done;
    folder.truncate(st.t, durableRows);
    // The trace keeps DocumentsExported beside the rows kept: the laws of 2.1 and 2.3 are stated in both.
    d.trace.emit(st.t, 'truncated', st.runIndex, durableRows, st.documentsExported);
    if (req.keepTempTableOnStop && d.capabilities.keepTempTable) table.keep(st.t, d.tempTableRetentionSeconds);
    else table.drop(st.t, 'dropped by IAPI when the export stopped');
    return result(st, 'cancelled');
  }
}

function result(st: RunState, end: ExportEnd, error: string | null = null, tableGone = false): ExportResult {
  return {
    end,
    at: st.t,
    documentsExported: st.documentsExported,
    table: st.table,
    durablePosition: st.durablePosition,
    error,
    tableGone,
    cancelObservedAt: st.cancelObservedAt,
  };
}

export function tableGoneMessage(id: number, table: TempTable | undefined): string {
  return `Temp table ${id} no longer exists (${table?.goneBecause ?? 'unknown id'}).`;
}

/** IAPI halts an export whose start number is past its rows ("a start of 0 on 0 rows halts too"). */
function checkStart(start: number, rowCount: number): void {
  if (start + 1 > rowCount) throw new ExportFailure(`The chosen start item number (${start + 1}) exceeds the number of documents (${rowCount}) in the export.`);
}
