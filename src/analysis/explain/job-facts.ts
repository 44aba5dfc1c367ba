import type { ChangeLog, RecordChange } from '../../model/change-log.js';
import type { JobOutcome } from '../../model/job.js';
import type { Segment } from '../../model/load-file.js';
import type { TempTable } from '../../model/temp-table.js';
import type { JobDetails } from '../../strategies/strategy.js';

/** How one IAPI export run ended, and what the job did right after. */
export type RunEnd = 'completed' | 'cancelled' | 'killed' | 'aborted' | 'failed';

/** One IAPI export run, read back from the trace: what it read, what it wrote, how it ended. */
export interface RunView {
  index: number;
  startedAt: number;
  source: 'query' | 'ids' | 'temp-table';
  /** query: StartAtDocumentNumber; ids: list length; temp-table: positions skipped. */
  arg: number;
  folder: string;
  append: boolean;
  /** The overwrite cleanup of the folder (null: none) and other jobs' files it removed. */
  cleanedAt: number | null;
  cleanedFiles: number;
  table: TempTable | null;
  tableReused: boolean;
  /** First table position the run exports. */
  start: number;
  /**
   * Its documents in the row history: [rowsFrom, filesTo) downloaded, of which [rowsFrom, rowsTo)
   * became rows (a batch whose download a cancel or a kill cut wrote none).
   */
  rowsFrom: number;
  rowsTo: number;
  filesTo: number;
  /** IAPI's DocumentsExported when the run stopped (null: it did not return after a cancel). */
  documentsExported: number | null;
  /** RIP trimmed the load file back to the rows of the last pause before this run (trimAfterKill). */
  trimmed: { at: number; rows: number } | null;
  /** RIP fell back to a restart before this run: why (tempTableGone: restart). */
  fallback: string | null;
  saves: { t: number; position: number; rows: number }[];
  retries: number;
  retrySeconds: number;
  /** The stop request the run met (-1: none). */
  stop: number;
  cancelSeenAt: number | null;
  /** RestoreState: when, and the rows it kept. */
  truncatedAt: number | null;
  keptRows: number | null;
  end: RunEnd;
  endedAt: number;
  error: string | null;
  /** The agent killed (or the thread aborted) during the run or while writing JobDetails after it. */
  cutOff: { kind: 'killed' | 'aborted'; at: number } | null;
  /** JobDetails written when it paused. */
  paused: { details: JobDetails; at: number } | null;
  /** The JobDetails in the queue row when it started (the last written before), and which run wrote them. */
  resumedFrom: { details: JobDetails; at: number; run: number } | null;
  /** The history index of the last row in its folder when it started (-1: empty or absent). */
  lastRowAtStart: number;
  rowsAtStart: number;
}

/** Row fates (0: kept in its folder). */
export const ROW_CUT = 1;
export const ROW_WIPED = 2;
/** RIP trimmed it after a kill, back to the lengths stored at the pause before. */
export const ROW_TRIMMED = 3;
/** Its files were downloaded, but its batch never wrote the rows (a cancel or a kill in the downloads). */
export const ROW_UNWRITTEN = 4;

/** What became of every row ever written: kept, cut by RestoreState, or wiped by an overwrite cleanup. */
export interface RowFates {
  kind: Uint8Array;
  at: Float64Array;
  /** The run whose truncation or cleanup removed the row. */
  by: Int32Array;
  /** 1-based row number in the delivered load file (0: not in it). */
  finalRow: Int32Array;
}

export interface JobFacts {
  job: JobOutcome;
  log: ChangeLog;
  times: Float64Array;
  runs: RunView[];
  fates: RowFates;
  /** Rows of the delivered load file, as history indices in file order. */
  finalRows: Int32Array;
  /** When run 1 froze S0 (its temp table's build; 0 when it built none). */
  s0At: number;
  /** The job-level failure (after a run, or while resuming before one). */
  failure: { at: number; message: string } | null;
  /** Initial key of each initial record (the changes give the others'). */
  initialKey: (record: number) => number;
}

/** Read a traced job (simulated with `{ explain: true }`) back into runs and row fates. */
export function jobFacts(job: JobOutcome, initialKey: (record: number) => number): JobFacts {
  const log = job.changeLog;
  const times = job.iapi.history.time;
  if (log === null || times === null) throw new Error('explain: the job was not simulated with { explain: true }');
  const runs = readRuns(job);
  const { fates, finalRows } = replayFiles(job, runs);
  const failedEvent = job.trace.events.find((e) => e.kind === 'failed' && e.run === -1);
  return {
    job,
    log,
    times,
    runs,
    fates,
    finalRows,
    s0At: runs[0]?.table?.builtAt ?? 0,
    failure: failedEvent === undefined ? null : { at: failedEvent.t, message: failedEvent.text },
    initialKey,
  };
}

function readRuns(job: JobOutcome): RunView[] {
  const runs: RunView[] = [];
  let cur: RunView | null = null;
  let details = 0;
  let last: RunView['resumedFrom'] = null;
  let trimmed: RunView['trimmed'] = null;
  let fallback: string | null = null;
  // The first ending seen is the IAPI run's own (a kill while writing JobDetails comes after a cancel).
  const ended = new Set<RunView>();
  const setEnd = (r: RunView, end: RunEnd, at: number): void => {
    if (ended.has(r)) return;
    ended.add(r);
    r.end = end;
    r.endedAt = at;
  };
  for (const e of job.trace.events) {
    if (e.kind === 'run-start') {
      const [kind, ...rest] = e.text.split(' ');
      let folder = rest.join(' ');
      if (folder.endsWith(' overwrite')) folder = folder.slice(0, -' overwrite'.length);
      const append = folder.endsWith(' append');
      if (append) folder = folder.slice(0, -' append'.length);
      cur = {
        index: e.run, startedAt: e.t, source: kind as RunView['source'], arg: e.a, folder, append,
        cleanedAt: null, cleanedFiles: 0, table: null, tableReused: false, start: 0, rowsFrom: 0, rowsTo: 0, filesTo: 0,
        documentsExported: null, trimmed, fallback, saves: [], retries: 0, retrySeconds: 0, stop: -1, cancelSeenAt: null,
        truncatedAt: null, keptRows: null, end: 'failed', endedAt: e.t, error: null, cutOff: null, paused: null,
        resumedFrom: last, lastRowAtStart: -1, rowsAtStart: 0,
      };
      runs.push(cur);
      trimmed = null;
      fallback = null;
      continue;
    }
    if (e.kind === 'trimmed') trimmed = { at: e.t, rows: e.a };
    if (e.kind === 'fallback') fallback = e.text;
    if (cur === null) continue; // ExportManager phase
    const mine = e.run === cur.index;
    switch (e.kind) {
      case 'overwrite-clean':
        cur.cleanedAt = e.t;
        cur.cleanedFiles = e.a;
        break;
      case 'table-built':
      case 'table-reused':
        cur.table = job.iapi.tables[e.a];
        cur.tableReused = e.kind === 'table-reused';
        cur.start = cur.source === 'ids' ? 0 : Math.min(cur.arg, cur.table.rowCount);
        break;
      case 'retry':
        cur.retries++;
        cur.retrySeconds += e.b;
        break;
      case 'batch-saved':
        cur.saves.push({ t: e.t, position: e.a, rows: e.b });
        break;
      case 'stop-requested':
        if (mine) cur.stop = e.a;
        break;
      case 'cancel-observed':
        cur.cancelSeenAt ??= e.t;
        break;
      case 'truncated':
        cur.truncatedAt = e.t;
        cur.keptRows = e.a;
        cur.documentsExported = e.b;
        setEnd(cur, 'cancelled', e.t);
        break;
      case 'completed':
        if (mine) setEnd(cur, 'completed', e.t);
        break;
      case 'failed':
        if (mine) {
          setEnd(cur, 'failed', e.t);
          cur.error = e.text;
        }
        break;
      case 'killed':
      case 'aborted':
        cur.cutOff ??= { kind: e.kind, at: e.t };
        setEnd(cur, e.kind, e.t);
        break;
      case 'paused':
        cur.paused = { details: job.jobDetails[details++], at: e.t };
        last = { ...cur.paused, run: cur.index };
        break;
      default:
        break;
    }
  }
  const run = job.iapi.history.run;
  for (let i = 0, k = 0; k < runs.length; k++) {
    while (i < job.iapi.history.length && run[i] < k) i++;
    runs[k].rowsFrom = i;
    while (i < job.iapi.history.length && run[i] === k) i++;
    runs[k].filesTo = i;
    runs[k].rowsTo = i;
  }
  // A run's downloads whose batch never wrote rows are its last ones: the folder's files-only operation says where they begin.
  for (const folder of job.iapi.folders.values()) {
    for (const op of folder.ops) {
      if (op.kind !== 'files' || op.to <= op.from) continue;
      const k = runs[run[op.from]];
      k.rowsTo = Math.min(k.rowsTo, op.from);
    }
  }
  return runs;
}

/** Load-file rows as ranges of the row history (a truncation keeps the first rows). */
class Rows {
  ranges: Segment[] = [];
  get count(): number {
    return this.ranges.reduce((n, s) => n + s.to - s.from, 0);
  }
  get last(): number {
    const s = this.ranges[this.ranges.length - 1];
    return s === undefined ? -1 : s.to - 1;
  }
  append(from: number, to: number): void {
    if (to <= from) return;
    const s = this.ranges[this.ranges.length - 1];
    if (s !== undefined && s.to === from) s.to = to;
    else this.ranges.push({ from, to });
  }
  /** Keep the first `n` rows; return the ranges cut. */
  keep(n: number): Segment[] {
    const kept: Segment[] = [];
    const cut: Segment[] = [];
    for (const s of this.ranges) {
      const k = Math.max(0, Math.min(n, s.to - s.from));
      if (k > 0) kept.push({ from: s.from, to: s.from + k });
      if (s.from + k < s.to) cut.push({ from: s.from + k, to: s.to });
      n -= k;
    }
    this.ranges = kept;
    return cut;
  }
  *[Symbol.iterator](): Generator<number> {
    for (const s of this.ranges) for (let i = s.from; i < s.to; i++) yield i;
  }
}

/**
 * Replay each folder from the runs: an overwrite cleanup wipes it, a run appends its rows, and
 * RestoreState keeps the rows of the last saved batch. The result must match the model's load
 * file row for row: a difference is a bug in the explainer, reported loudly.
 */
function replayFiles(job: JobOutcome, runs: RunView[]): { fates: RowFates; finalRows: Int32Array } {
  const n = job.iapi.history.length;
  const fates: RowFates = { kind: new Uint8Array(n), at: new Float64Array(n), by: new Int32Array(n).fill(-1), finalRow: new Int32Array(n) };
  const remove = (ranges: Iterable<Segment>, kind: number, at: number, by: number): void => {
    for (const s of ranges) {
      for (let i = s.from; i < s.to; i++) {
        fates.kind[i] = kind;
        fates.at[i] = at;
        fates.by[i] = by;
      }
    }
  };
  const folders = new Map<string, Rows>();
  for (const r of runs) {
    let f = folders.get(r.folder);
    if (f === undefined) folders.set(r.folder, (f = new Rows()));
    if (r.trimmed !== null) {
      const named = r.resumedFrom?.details.params.DestinationFolder;
      const trimmedFolder = typeof named === 'string' ? folders.get(named) : undefined;
      if (trimmedFolder !== undefined) remove(trimmedFolder.keep(r.trimmed.rows), ROW_TRIMMED, r.trimmed.at, r.index);
    }
    r.lastRowAtStart = f.last;
    r.rowsAtStart = f.count;
    if (r.cleanedAt !== null) remove(f.keep(0), ROW_WIPED, r.cleanedAt, r.index);
    f.append(r.rowsFrom, r.rowsTo);
    remove([{ from: r.rowsTo, to: r.filesTo }], ROW_UNWRITTEN, r.cutOff?.at ?? r.cancelSeenAt ?? r.endedAt, r.index);
    if (r.keptRows !== null) remove(f.keep(r.keptRows), ROW_CUT, r.truncatedAt!, r.index);
  }
  const replayed = [...(folders.get(job.finalFolder) ?? [])];
  const model: number[] = [];
  for (const s of job.iapi.folders.get(job.finalFolder)?.segments ?? []) for (let i = s.from; i < s.to; i++) model.push(i);
  if (replayed.length !== model.length || replayed.some((v, i) => v !== model[i])) {
    throw new Error(`explain: replayed load file (${replayed.length} rows) differs from the model's (${model.length} rows)`);
  }
  replayed.forEach((i, row) => (fates.finalRow[i] = row + 1));
  return { fates, finalRows: Int32Array.from(replayed) };
}

/** Position of each record in a table (-1: not in it), computed once per table. */
export class Positions {
  private readonly cache = new Map<number, Int32Array>();
  constructor(private readonly size: number) {}
  of(table: TempTable): Int32Array {
    let p = this.cache.get(table.id);
    if (p === undefined) {
      p = new Int32Array(this.size).fill(-1);
      const recs = table.records;
      for (let i = 0; i < recs.length; i++) p[recs[i]] = i;
      this.cache.set(table.id, p);
    }
    return p;
  }
}

/** The record's key at time t (the export-order key: sort key, artifact ID or Bates number). */
export function keyAt(f: JobFacts, record: number, t: number): number {
  let key = f.initialKey(record);
  for (const c of f.log.of(record)) {
    if (c.t > t) break;
    if (c.kind === 'insert' || c.kind === 'enter' || c.kind === 'move') key = c.detail;
  }
  return key;
}

/** The change that brought the record into the source (null for records of the initial source). */
export function arrival(f: JobFacts, record: number): RecordChange | null {
  const c = f.log.of(record)[0];
  return c !== undefined && (c.kind === 'insert' || c.kind === 'enter') ? c : null;
}

/** The record's deletion or exit from the query, if any. */
export function departure(f: JobFacts, record: number): RecordChange | null {
  return f.log.of(record).find((c) => c.kind === 'delete' || c.kind === 'exit') ?? null;
}
