import { Arena, doubled } from './arena.js';

export interface RowHistoryOptions {
  /** Keep each row's export-order key (the load file's writers and the explanations read it). */
  keys?: boolean;
  /** Keep each row's write time (explanations only). */
  times?: boolean;
  /** Where the columns live (default: memory of their own). */
  arena?: Arena;
}

/**
 * Every row the export ever wrote, across all runs, in write order. The load file on disk is a
 * list of ranges of this history (appends extend the last range; a truncation or an overwrite
 * cleanup cuts ranges), so rows later wiped still count as work done and a materializer can
 * replay exactly what reached the disk. Columnar: a record and a version per row; the export run
 * of each row as ranges (`run` rebuilds the column on demand); the export-order key of each
 * batch's last row (what a keyset resume reads back), and of every row only when asked.
 */
export class RowHistory {
  record: Int32Array;
  version: Int32Array;
  /** The export-order key as written in each row (null unless asked for: see `keyAtEnd`). */
  key: Float64Array | null;
  /** When each row was written (kept only when explaining; null in the fast path). */
  time: Float64Array | null;
  length = 0;
  private readonly arena: Arena;
  /** Export runs as ranges: run `runIndex[k]` wrote rows from `runFrom[k]` (up to the next range). */
  private readonly runFrom: number[] = [];
  private readonly runIndex: number[] = [];
  private runColumn: Uint16Array | null = null;
  /** Ends of the completed batch writes (history index after their last row) and their last rows' keys. */
  private batchEnd: Int32Array;
  private batchKey: Float64Array;
  private batches = 0;

  constructor(capacity: number, options: RowHistoryOptions = {}) {
    const n = Math.max(16, capacity);
    const arena = options.arena ?? new Arena(false);
    this.arena = arena;
    this.record = arena.i32('rows.record', n);
    this.version = arena.i32('rows.version', n);
    this.key = options.keys === false ? null : arena.f64('rows.key', n);
    this.time = options.times === true ? arena.f64('rows.time', n) : null;
    this.batchEnd = arena.i32('rows.batchEnd', 1024);
    this.batchKey = arena.f64('rows.batchKey', 1024);
  }

  /** Make room for `extra` more rows (called once per batch, never per row). */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.record.length) return;
    const cap = Math.max(need, Math.ceil(this.record.length * 1.25));
    const { arena, length } = this;
    this.record = arena.grow('rows.record', this.record, length, cap);
    this.version = arena.grow('rows.version', this.version, length, cap);
    if (this.key !== null) this.key = arena.grow('rows.key', this.key, length, cap);
    if (this.time !== null) this.time = arena.grow('rows.time', this.time, length, cap);
  }

  /** Export run `run` starts: the rows written from now on are its own. */
  startRun(run: number): void {
    this.runFrom.push(this.length);
    this.runIndex.push(run);
  }

  /** Export runs in write order: run `runAt(k)` wrote rows [runStart(k), runEnd(k)). */
  get runs(): number {
    return this.runFrom.length;
  }

  runAt(k: number): number {
    return this.runIndex[k];
  }

  runStart(k: number): number {
    return Math.min(this.runFrom[k], this.length);
  }

  runEnd(k: number): number {
    return k + 1 < this.runFrom.length ? Math.min(this.runFrom[k + 1], this.length) : this.length;
  }

  /** Index of the export run that wrote each row (built on first use, as 16-bit values). */
  get run(): Uint16Array {
    if (this.runColumn === null || this.runColumn.length !== this.length) {
      const c = new Uint16Array(this.length);
      for (let k = 0; k < this.runs; k++) c.fill(this.runAt(k), this.runStart(k), this.runEnd(k));
      this.runColumn = c;
    }
    return this.runColumn;
  }

  /** A batch's download completed: its rows end here, the last one with this export-order key. */
  endBatch(lastKey: number): void {
    if (this.batches === this.batchEnd.length) {
      this.batchEnd = this.arena.grow('rows.batchEnd', this.batchEnd, this.batches, 2 * this.batches);
      this.batchKey = this.arena.grow('rows.batchKey', this.batchKey, this.batches, 2 * this.batches);
    }
    this.batchEnd[this.batches] = this.length;
    this.batchKey[this.batches++] = lastKey;
  }

  /** The export-order key written in `row` (a history kept with its rows' keys: SeedRun.job, not the suite's fast path). */
  keyOf(row: number): number {
    if (this.key === null) throw new Error("this row history was simulated without its rows' keys (simulate the job with a private arena)");
    return this.key[row];
  }

  /**
   * The export-order key written in `row`, which is the last row of a batch: a load file only ever
   * ends where a batch's write ended (rows are written a batch at a time; RestoreState and RIP's
   * trim cut back to such an end).
   */
  keyAtEnd(row: number): number {
    let lo = 0;
    let hi = this.batches;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.batchEnd[mid] <= row) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.batches || this.batchEnd[lo] !== row + 1) throw new Error(`row ${row} is not the last row of a batch`);
    return this.batchKey[lo];
  }
}

export interface Segment {
  from: number;
  to: number;
}

/** What happened to a destination folder, in order: enough to rebuild it byte for byte. */
export type FolderOp =
  /** The load files are created (anew: an existing one is replaced). */
  | { t: number; kind: 'create' }
  /** History rows [from, to) are written to the load files, each with its files (natives, images). */
  | { t: number; kind: 'append'; from: number; to: number }
  /** Files of history rows [from, to) were downloaded, but the batch never wrote their rows (a cancel or a kill during its downloads). */
  | { t: number; kind: 'files'; from: number; to: number }
  /** The load files are cut back to `rows` rows (IAPI's RestoreState, or RIP trimming after a kill). */
  | { t: number; kind: 'truncate'; rows: number }
  /** Overwrite with `overwrite: folder`: the whole folder is removed, other jobs' files included. */
  | { t: number; kind: 'clean'; otherFiles: number };

const OP_KINDS = ['create', 'append', 'files', 'truncate', 'clean'] as const;
type OpKind = (typeof OP_KINDS)[number];

/** A destination folder: the job's load file `{folder}/{prefix}_export.dat`, its documents' files, and other jobs' files. */
export class DestinationFolder {
  readonly name: string;
  readonly loadFilePath: string;
  /** Files of other jobs sharing the folder. */
  otherFiles: number;
  loadFileExists = false;
  /** The load file's rows as ranges of the row history. */
  segments: Segment[] = [];
  /** Ranges of the row history whose documents' files were written into this folder (since it was last wiped). */
  fileRanges: Segment[] = [];
  private flushedTo = 0;
  /** What happened to the folder, as columns (one entry per batch written: no object per batch). */
  private opT = new Float64Array(16);
  private opKind = new Uint8Array(16);
  /** append, files: from; truncate: rows; clean: other files. */
  private opA = new Float64Array(16);
  /** append, files: to. */
  private opB = new Float64Array(16);
  private opCount = 0;
  private built: FolderOp[] | null = null;

  constructor(name: string, otherFiles: number) {
    this.name = name;
    this.loadFilePath = `\\\\fileshare\\DataTransfer\\Export\\${name}\\${name}_export.dat`;
    this.otherFiles = otherFiles;
  }

  /** What happened to the folder, in order (built on first read after a change: for writers and explanations). */
  get ops(): FolderOp[] {
    if (this.built !== null) return this.built;
    const out: FolderOp[] = [];
    for (let i = 0; i < this.opCount; i++) {
      const t = this.opT[i];
      const a = this.opA[i];
      const kind: OpKind = OP_KINDS[this.opKind[i]];
      if (kind === 'create') out.push({ t, kind });
      else if (kind === 'append' || kind === 'files') out.push({ t, kind, from: a, to: this.opB[i] });
      else if (kind === 'truncate') out.push({ t, kind, rows: a });
      else out.push({ t, kind, otherFiles: a });
    }
    this.built = out;
    return out;
  }

  get rows(): number {
    let n = 0;
    for (const s of this.segments) n += s.to - s.from;
    return n;
  }

  /** History index of the file's last row, or -1 when empty (a run that wrote nothing leaves an empty last segment). */
  lastRow(): number {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i];
      if (s.to > s.from) return s.to - 1;
    }
    return -1;
  }

  /** The load files are created anew (an existing one is replaced: Overwrite recreates it). */
  create(t: number, historyEnd: number): void {
    this.loadFileExists = true;
    this.segments = [];
    this.op(t, 'create', 0, 0);
    this.startAppending(historyEnd);
  }

  /** Rows written from now on (history indices from `historyEnd`) belong to this file; so do the files downloaded. */
  startAppending(historyEnd: number): void {
    this.segments.push({ from: historyEnd, to: historyEnd });
    this.fileRanges.push({ from: historyEnd, to: historyEnd });
    this.flushedTo = historyEnd;
  }

  /** A batch wrote its rows: rows [.., historyEnd) are now in the load file (their files were downloaded before). */
  extendTo(t: number, historyEnd: number): void {
    this.segments[this.segments.length - 1].to = historyEnd;
    this.fileRanges[this.fileRanges.length - 1].to = historyEnd;
    if (historyEnd > this.flushedTo) {
      this.op(t, 'append', this.flushedTo, historyEnd);
      this.flushedTo = historyEnd;
    }
  }

  /** The run ended during a batch's downloads: files [.., historyEnd) are on disk, their rows never written. */
  filesOnly(t: number, historyEnd: number): void {
    this.fileRanges[this.fileRanges.length - 1].to = historyEnd;
    if (historyEnd > this.flushedTo) {
      this.op(t, 'files', this.flushedTo, historyEnd);
      this.flushedTo = historyEnd;
    }
  }

  /** Cut the load files back to `rows` rows (RestoreState; RIP's trim after a kill). The documents' files stay. */
  truncate(t: number, rows: number): void {
    let keep = rows;
    const out: Segment[] = [];
    for (const s of this.segments) {
      const n = Math.min(keep, s.to - s.from);
      if (n > 0 || out.length === 0) out.push({ from: s.from, to: s.from + n });
      keep -= n;
    }
    this.segments = out;
    this.op(t, 'truncate', rows, 0);
  }

  /** Overwrite that wipes the whole folder (`overwrite: folder`), other jobs' files included. Returns files removed. */
  clean(t: number): number {
    const removed = this.otherFiles;
    this.op(t, 'clean', removed, 0);
    this.otherFiles = 0;
    this.loadFileExists = false;
    this.segments = [];
    this.fileRanges = [];
    return removed;
  }

  private op(t: number, kind: OpKind, a: number, b: number): void {
    if (this.opCount === this.opT.length) {
      this.opT = doubled(this.opT);
      this.opKind = doubled(this.opKind);
      this.opA = doubled(this.opA);
      this.opB = doubled(this.opB);
    }
    const i = this.opCount++;
    this.built = null;
    this.opT[i] = t;
    this.opKind[i] = OP_KINDS.indexOf(kind);
    this.opA[i] = a;
    this.opB[i] = b;
  }
}
