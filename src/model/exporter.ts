import type { Capability, ExporterParams, IapiCapabilities, ScriptedEvent } from '../scenario/types.js';
import type { SourceChanges } from './changes.js';
import { DestinationFolder, RowHistory } from './load-file.js';
import { normal, type Rng } from './random.js';
import type { DataSource } from './source.js';
import { TempTable, tempTableBuildEnd } from './temp-table.js';
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
  /** IAPI's DocumentsExported: documents whose files all finished transferring in this run. */
  documentsExported: number;
  /** The run's temp table (null if the run failed before having one). */
  table: TempTable | null;
  /** Table position up to which batches were saved (where a resume of this table continues). */
  durablePosition: number;
  /** The error message when failed. */
  error: string | null;
  /** When the cancellation was observed at a check point (null if never). */
  cancelObservedAt: number | null;
}

/** A failure of the run, thrown inside and turned into an ExportResult. */
class ExportFailure extends Error {}
/** The agent was killed at `at`. */
class Killed extends Error {
  constructor(readonly at: number) {
    super('killed');
  }
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
  /** Keep each row's write time (explanations only). */
  rowTimes?: boolean;
}

/**
 * The IAPI exporter (WinEDDS) as RIP drives it: freeze the records into a temp table, then
 * export in batches of ExportBatchSize (prepare, download files, validate, save state), checking
 * the cancellation token between the steps of a batch and after each batch, and truncating the
 * load file back to the last saved batch on cancel (RestoreState).
 */
export class Iapi {
  readonly history: RowHistory;
  readonly folders = new Map<string, DestinationFolder>();
  readonly tables: TempTable[] = [];
  /** Other jobs' files removed by overwrite cleanups. */
  collateralDeletes = 0;
  private readonly d: IapiDeps;

  constructor(deps: IapiDeps) {
    this.d = deps;
    this.history = new RowHistory(deps.source.size + deps.params.batchSize, deps.rowTimes === true);
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
    const state = { t: t0, documentsExported: 0, table: null as TempTable | null, durablePosition: 0, cancelObservedAt: null as number | null };
    const result = (end: ExportEnd, error: string | null = null): ExportResult => ({
      end,
      at: state.t,
      documentsExported: state.documentsExported,
      table: state.table,
      durablePosition: state.durablePosition,
      error,
      cancelObservedAt: state.cancelObservedAt,
    });
    const folder = this.folder(req.folder);
    try {
      this.openLoadFile(req, folder, t0, runIndex);
      const { table, start } = this.openTable(req, state, killAt, runIndex);
      state.durablePosition = start;
      let durableRows = folder.rows;
      const cancelled = (): boolean => {
        if (state.t < cancelAt) return false;
        state.cancelObservedAt = state.t;
        d.trace.emit(state.t, 'cancel-observed', runIndex, state.durablePosition);
        return true;
      };
      const p = d.params;
      const records = table.records;
      let pos = start;
      while (pos < records.length) {
        if (cancelled()) return this.restoreState(req, folder, table, durableRows, state, killOnCancel ? state.t : killAt, runIndex, result);
        const end = Math.min(records.length, pos + p.batchSize);
        // Prepare: the batch's fields are read now, so deletes and edits up to here count.
        this.retries(state, p.exportErrorRetries, p.exportErrorWaitSeconds, 'prepare', killAt, runIndex);
        this.step(state, p.prepareSeconds, killAt);
        d.changes.advanceTo(state.t);
        if (cancelled()) return this.restoreState(req, folder, table, durableRows, state, killOnCancel ? state.t : killAt, runIndex, result);
        this.retries(state, p.ioErrorRetries, p.ioErrorWaitSeconds, 'download', killAt, runIndex);
        this.download(records, pos, end, folder, state, killAt, runIndex);
        if (cancelled()) return this.restoreState(req, folder, table, durableRows, state, killOnCancel ? state.t : killAt, runIndex, result);
        this.step(state, p.validateSeconds, killAt);
        if (cancelled()) return this.restoreState(req, folder, table, durableRows, state, killOnCancel ? state.t : killAt, runIndex, result);
        this.step(state, p.saveStateSeconds, killAt);
        pos = end;
        state.durablePosition = end;
        durableRows = folder.rows;
        d.trace.emit(state.t, 'batch-saved', runIndex, end, durableRows);
      }
      table.drop(state.t, 'dropped by IAPI when the export finished');
      return result('completed');
    } catch (e) {
      if (e instanceof Killed) {
        state.t = e.at;
        folder.extendTo(e.at, this.history.length);
        return result('killed');
      }
      if (e instanceof ExportFailure) {
        state.table?.drop(state.t, 'dropped by IAPI when the export failed');
        d.trace.emit(state.t, 'failed', runIndex, 0, 0, e.message);
        return result('failed', e.message);
      }
      throw e;
    }
  }

  /** The overwrite rules: fail, clean the folder, or (with the append capability) append. */
  private openLoadFile(req: ExportRequest, folder: DestinationFolder, t: number, runIndex: number): void {
    if (req.append && !this.d.capabilities.append) throw new ExportFailure(missingCapability('append', 'appending to an existing load file'));
    if (!folder.loadFileExists) return folder.create(t, this.history.length);
    if (req.append) return folder.startAppending(this.history.length);
    if (!req.overwrite) throw new ExportFailure(`Overwrite not selected and file '${folder.loadFilePath}' exists.`);
    const removed = folder.clean(t);
    this.collateralDeletes += removed;
    this.d.trace.emit(t, 'overwrite-clean', runIndex, removed);
    folder.create(t, this.history.length);
  }

  /** Freeze the records (temp table build, not cancellable) or attach to a kept table; the run's table goes into `state` as soon as it exists. */
  private openTable(req: ExportRequest, state: { t: number; table: TempTable | null }, killAt: number, runIndex: number): { table: TempTable; start: number } {
    const { d } = this;
    const src = req.source;
    if (src.kind === 'temp-table') {
      if (!d.capabilities.keepTempTable) throw new ExportFailure(missingCapability('keepTempTable', 'resuming from a kept temp table'));
      const table = this.tables[src.tableId];
      if (table === undefined || !table.existsAt(state.t)) {
        throw new ExportFailure(`Temp table ${src.tableId} no longer exists (${table?.goneBecause ?? 'unknown id'}).`);
      }
      table.reuse(state.t);
      state.table = table;
      d.trace.emit(state.t, 'table-reused', runIndex, table.id, table.rowCount);
      return { table, start: Math.min(src.skip, table.rowCount) };
    }
    d.changes.advanceTo(state.t);
    let records: Int32Array;
    if (src.kind === 'ids') {
      if (!d.capabilities.exportByArtifactIds) throw new ExportFailure(missingCapability('exportByArtifactIds', 'exporting a list of artifact IDs'));
      // The table is built by joining the IDs with the documents that still exist.
      const del = d.source.deleted;
      records = src.ids.filter((r) => del[r] === 0);
    } else records = d.source.snapshot();
    const table = new TempTable(this.tables.length, records, state.t);
    if (this.tables.length === 0) table.versions = records.map((r) => d.source.version[r]);
    this.tables.push(table);
    // The records are frozen now; a kill during the build still leaves this table (and S0) behind.
    state.table = table;
    const buildEnd = tempTableBuildEnd(d.params, state.t, records.length);
    if (buildEnd > killAt) throw new Killed(killAt);
    state.t = buildEnd;
    d.trace.emit(state.t, 'table-built', runIndex, table.id, table.rowCount);
    const start = src.kind === 'query' ? src.startAt : 0;
    if (start > 0 && start + 1 > table.rowCount) {
      throw new ExportFailure(`The chosen start item number (${start + 1}) exceeds the number of documents (${table.rowCount}) in the export.`);
    }
    return { table, start };
  }

  /** Transient errors of a step and IAPI's retries; the waits are not cancellable (they hold a stop). */
  private retries(state: { t: number }, retries: number, wait: number, name: string, killAt: number, runIndex: number): void {
    const { d } = this;
    for (let attempt = 0; d.faults.fails(state.t); attempt++) {
      if (attempt >= retries) throw new ExportFailure(`IAPI export failed: transient error in the ${name} step persisted after ${retries} retries.`);
      d.trace.emit(state.t, 'retry', runIndex, attempt + 1, wait, name);
      state.t += wait;
      if (state.t > killAt) throw new Killed(killAt);
    }
  }

  /** A fixed-time batch step (with the scenario's jitter). */
  private step(state: { t: number }, seconds: number, killAt: number): void {
    const { d } = this;
    const j = d.params.jitter;
    state.t += j > 0 && seconds > 0 ? seconds * Math.exp(j * normal(1 - d.timing(), d.timing())) : seconds;
    if (state.t > killAt) throw new Killed(killAt);
  }

  /**
   * Download files document by document; a row is written as its document completes and
   * DocumentsExported counts it then. Documents deleted since the freeze have no row.
   */
  private download(records: Int32Array, from: number, to: number, folder: DestinationFolder, state: { t: number; documentsExported: number }, killAt: number, runIndex: number): void {
    const { source } = this.d;
    const h = this.history;
    h.reserve(to - from);
    const { deleted, seconds, version, key } = source;
    const { from: stallFrom, to: stallTo, factor: stallFactor } = this.d.stall;
    const hr = h.record;
    const hv = h.version;
    const hk = h.key;
    const hrun = h.run;
    const ht = h.time;
    let n = h.length;
    let t = state.t;
    let count = 0;
    for (let i = from; i < to; i++) {
      const r = records[i];
      if (deleted[r] === 1) continue;
      const done = t + (t >= stallFrom && t < stallTo ? seconds[r] * stallFactor : seconds[r]);
      if (done > killAt) {
        h.length = n;
        state.documentsExported += count;
        throw new Killed(killAt);
      }
      t = done;
      hr[n] = r;
      hv[n] = version[r];
      hk[n] = key[r];
      hrun[n] = runIndex;
      if (ht !== null) ht[n] = t;
      n++;
      count++;
    }
    h.length = n;
    state.t = t;
    state.documentsExported += count;
    folder.extendTo(t, n);
  }

  /** Cancellation seen: RestoreState truncates the load files to the last saved batch. */
  private restoreState(
    req: ExportRequest,
    folder: DestinationFolder,
    table: TempTable,
    durableRows: number,
    state: { t: number },
    killAt: number,
    runIndex: number,
    result: (end: ExportEnd) => ExportResult,
  ): ExportResult {
    const { d } = this;
    const done = state.t + d.params.truncateSeconds;
    if (done > killAt || killAt <= state.t) throw new Killed(Math.max(state.t, killAt));
    state.t = done;
    folder.truncate(state.t, durableRows);
    d.trace.emit(state.t, 'truncated', runIndex, durableRows);
    if (req.keepTempTableOnStop && d.capabilities.keepTempTable) table.keep(state.t, d.tempTableRetentionSeconds);
    else table.drop(state.t, 'dropped by IAPI when the export stopped');
    return result('cancelled');
  }
}
