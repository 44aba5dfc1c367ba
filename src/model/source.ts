import { InputError } from '../errors.js';
import { LIMITS } from '../scenario/limits.js';
import type { FileParams, OrderKind } from '../scenario/types.js';
import { Arena } from './arena.js';
import { hashUniform, normal } from './random.js';

/** Artifact IDs are this base plus the record's index (records are numbered as created). */
export const ARTIFACT_ID_BASE = 1_000_000;

export type ChangeKind = 'insert' | 'enter' | 'delete' | 'exit' | 'edit' | 'move';

/** Called for every change of a record when tracing (explanations); absent in the fast path. */
export type ChangeListener = (kind: ChangeKind, record: number, detail: number) => void;

/** How long exporting one document takes: 1/docsPerSecond plus its files' bytes over the share's rate. */
export interface DocCost {
  docsPerSecond: number;
  files: FileParams;
  /** Hash key for the per-record size draw (from the seed's 'source' stream). */
  sizeKey: number;
}

function docSeconds(cost: DocCost, i: number): number {
  const f = cost.files;
  let bytes = 0;
  if (f.largeShare > 0 && hashUniform(cost.sizeKey ^ 0x5bd1e995, i) < f.largeShare) {
    bytes = f.largeBytes;
  } else if (f.meanBytes > 0) {
    const mu = Math.log(f.meanBytes) - (f.sigma * f.sigma) / 2;
    bytes = Math.exp(mu + f.sigma * normal(hashUniform(cost.sizeKey, 2 * i), hashUniform(cost.sizeKey, 2 * i + 1)));
  }
  return 1 / cost.docsPerSecond + bytes / f.bytesPerSecond;
}

/** The data source at a job's start, before any change: `documents` records, all in the query, in export order. */
export interface SourceStart {
  documents: number;
  orderKind: OrderKind;
  cost: DocCost;
  /** Records the source may reach (the load-time bound covers scripted inserts; churn adds as the job runs). */
  maxRecords: number;
}

/**
 * The live data source (saved search, production or folder) the export reads: records with
 * artifact IDs, an export order, membership in the query and a version. Struct of typed arrays
 * taken from an arena, indexed by record number; the export order is kept as a sorted index list
 * that is repaired lazily (new and re-keyed records wait in `pending` until someone reads the order).
 */
export class DataSource {
  readonly orderKind: OrderKind;
  readonly cost: DocCost;
  /** Records created so far (in or out of the query, deleted or not). */
  size = 0;
  /** Records in the query and not deleted (kept as the source changes). */
  private live = 0;
  key: Float64Array;
  inQuery: Uint8Array;
  deleted: Uint8Array;
  version: Int32Array;
  /** Export time of each record's files, fixed per record. */
  seconds: Float64Array;
  listener: ChangeListener | undefined;

  /** Non-deleted records sorted by (key, index); entries of pending or deleted records are stale. */
  private order: Int32Array;
  private orderLen = 0;
  /** Records added or re-keyed since the order was last repaired (each once: `pendingFlag`). */
  private pending: Int32Array;
  private pendingLen = 0;
  private pendingFlag: Uint8Array;
  private orderHasDeleted = false;
  /** Key range of the initial records: random keys are drawn inside it. */
  private keyLow = 0;
  private keyHigh = 0;
  private maxKey = 0;
  /** Records the columns have room for (a shared arena's columns can be longer). */
  private capacity: number;
  private readonly arena: Arena;

  /** Records the source may reach (the load-time bound covers scripted inserts; churn adds as the job runs). */
  readonly maxRecords: number;

  private constructor(orderKind: OrderKind, cost: DocCost, capacity: number, maxRecords: number, arena: Arena) {
    this.orderKind = orderKind;
    this.cost = cost;
    this.maxRecords = maxRecords;
    this.arena = arena;
    this.capacity = capacity;
    this.key = arena.f64('source.key', capacity);
    this.inQuery = arena.u8('source.inQuery', capacity);
    this.deleted = arena.u8('source.deleted', capacity);
    this.version = arena.i32('source.version', capacity);
    this.seconds = arena.f64('source.seconds', capacity);
    this.order = arena.i32('source.order', capacity);
    this.pendingFlag = arena.u8('source.pendingFlag', capacity);
    this.pending = arena.i32('source.pending', 1024);
  }

  /**
   * A source of `documents` records, all in the query, in export order, in memory of its own. With
   * sort-key order the initial keys are spaced 1 apart; inserts and edits draw keys inside the same range.
   */
  static create(documents: number, orderKind: OrderKind, cost: DocCost, maxRecords: number = LIMITS.records): DataSource {
    return DataSource.start({ documents, orderKind, cost, maxRecords }, new Arena(false));
  }

  /**
   * The source at a job's start, in the arena's columns. A shared arena computes the records'
   * file times once per seed (`start` is the seed's) and reuses them for every strategy.
   */
  static start(start: SourceStart, arena: Arena): DataSource {
    const { documents, maxRecords } = start;
    const room = arena.shared ? arena.records : documents + (documents >> 3);
    const s = new DataSource(start.orderKind, start.cost, Math.max(16, documents, Math.min(maxRecords, room)), maxRecords, arena);
    if (!arena.hasSeconds(start, s.seconds)) {
      for (let i = 0; i < documents; i++) s.seconds[i] = docSeconds(start.cost, i);
      arena.setSeconds(start, s.seconds);
    }
    for (let i = 0; i < documents; i++) {
      s.key[i] = i;
      s.order[i] = i;
    }
    s.inQuery.fill(1, 0, documents);
    s.deleted.fill(0, 0, documents);
    s.version.fill(0, 0, documents);
    s.pendingFlag.fill(0, 0, documents);
    s.size = documents;
    s.live = documents;
    s.orderLen = documents;
    s.keyLow = 0;
    s.keyHigh = Math.max(1, documents);
    s.maxKey = documents - 1;
    return s;
  }

  /** A copy of `from` in the arena's columns (a job's own source). */
  static copy(from: DataSource, arena: Arena): DataSource {
    if (from.arena === arena && arena.shared) throw new Error('a data source cannot be copied into the arena it lives in');
    const c = new DataSource(from.orderKind, from.cost, from.capacity, from.maxRecords, arena);
    const n = from.size;
    c.key.set(from.key.subarray(0, n));
    c.inQuery.set(from.inQuery.subarray(0, n));
    c.deleted.set(from.deleted.subarray(0, n));
    c.version.set(from.version.subarray(0, n));
    c.seconds.set(from.seconds.subarray(0, n));
    c.order.set(from.order.subarray(0, from.orderLen));
    c.pendingFlag.set(from.pendingFlag.subarray(0, n));
    if (from.pendingLen > c.pending.length) c.pending = arena.i32('source.pending', from.pending.length);
    c.pending.set(from.pending.subarray(0, from.pendingLen));
    c.pendingLen = from.pendingLen;
    c.size = n;
    c.live = from.live;
    c.orderLen = from.orderLen;
    c.orderHasDeleted = from.orderHasDeleted;
    c.keyLow = from.keyLow;
    c.keyHigh = from.keyHigh;
    c.maxKey = from.maxKey;
    // The seconds column now holds this copy's file times, not a seed's.
    arena.setSeconds(null, c.seconds);
    return c;
  }

  /** A copy in memory of its own. */
  clone(): DataSource {
    return DataSource.copy(this, new Arena(false));
  }

  artifactId(record: number): number {
    return ARTIFACT_ID_BASE + record;
  }

  /** In the query and not deleted: what the query returns now. */
  isLive(record: number): boolean {
    return this.inQuery[record] === 1 && this.deleted[record] === 0;
  }

  /** How many records the query returns now (ExportManager's TotalCount). */
  liveCount(): number {
    return this.live;
  }

  /** The query's records in export order now: what IAPI freezes into a temp table. */
  snapshot(): Int32Array {
    this.normalize();
    const { order, inQuery } = this;
    const out = this.arena.lists.take(this.live);
    let j = 0;
    for (let i = 0; i < this.orderLen; i++) {
      const r = order[i];
      if (inQuery[r] === 1) out[j++] = r;
    }
    if (j !== out.length) throw new Error(`the source counted ${out.length} records in the query, its order holds ${j}`);
    return out;
  }

  /** Records of the query with an export-order key above `key`, in order (a keyset query; a view of a snapshot). */
  liveAfterKey(key: number): Int32Array {
    const all = this.snapshot();
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.key[all[mid]] <= key) lo = mid + 1;
      else hi = mid;
    }
    return all.subarray(lo);
  }

  /** Records at positions [position, position+count) of the current export order (clipped). */
  recordsAt(position: number, count: number): number[] {
    this.normalize();
    const out: number[] = [];
    let p = 0;
    for (let i = 0; i < this.orderLen && out.length < count; i++) {
      const r = this.order[i];
      if (this.inQuery[r] === 0) continue;
      if (p >= position) out.push(r);
      p++;
    }
    return out;
  }

  // ---- changes -------------------------------------------------------------------------

  /** Records entering the query at `position` of the current export order: new documents, or existing ones that start to match. */
  insertAt(position: number, count: number, kind: 'insert' | 'enter' = 'insert'): void {
    const [lo, hi] = this.neighbourKeys(position);
    for (let j = 0; j < count; j++) this.addRecord(lo + ((hi - lo) * (j + 1)) / (count + 1), kind);
  }

  deleteAt(position: number, count: number): void {
    for (const r of this.recordsAt(position, count)) this.deleteRecord(r);
  }

  exitAt(position: number, count: number): void {
    for (const r of this.recordsAt(position, count)) this.exitRecord(r);
  }

  editAt(position: number, count: number): void {
    for (const r of this.recordsAt(position, count)) this.editRecord(r);
  }

  /** Sort-key edit moving records to position `to` (counted without them). Only sort-key order has editable keys. */
  moveTo(position: number, count: number, to: number): void {
    if (this.orderKind !== 'sort-key') return;
    const moving = this.recordsAt(position, count);
    for (const r of moving) this.inQuery[r] = 0; // take them out so `to` counts the others
    const [lo, hi] = this.neighbourKeys(to);
    moving.forEach((r, j) => {
      this.inQuery[r] = 1;
      this.rekey(r, lo + ((hi - lo) * (j + 1)) / (moving.length + 1));
    });
  }

  /** A new document: at the end for artifact-id and Bates order, at a random key for sort-key order. */
  insertRandom(u: number): void {
    this.addRecord(this.orderKind === 'sort-key' ? this.randomKey(u) : this.maxKey + 1, 'insert');
  }

  /** An existing document that starts to match the query, anywhere in the order. */
  enterRandom(u: number): void {
    this.addRecord(this.randomKey(u), 'enter');
  }

  deleteRandom(u: () => number): void {
    const r = this.randomLive(u);
    if (r >= 0) this.deleteRecord(r);
  }

  exitRandom(u: () => number): void {
    const r = this.randomLive(u);
    if (r >= 0) this.exitRecord(r);
  }

  editRandom(u: () => number): void {
    const r = this.randomLive(u);
    if (r >= 0) this.editRecord(r);
  }

  sortKeyEditRandom(u: () => number): void {
    if (this.orderKind !== 'sort-key') return;
    const r = this.randomLive(u);
    if (r >= 0) this.rekey(r, this.randomKey(u()));
  }

  // ---- internals -----------------------------------------------------------------------

  private addRecord(key: number, kind: 'insert' | 'enter'): void {
    if (this.size >= this.maxRecords) {
      throw new InputError({
        path: 'churn',
        problem: `the data source would grow past ${this.maxRecords} records (documents, insert and enter events, churn inserts and entries)`,
        allowed: `at most ${this.maxRecords} records in the source: fewer churn inserts or entries per hour, or shorter pauses`,
      });
    }
    if (this.size === this.capacity) this.grow();
    const r = this.size++;
    // Every column is written: in a shared arena the memory past `size` holds an earlier job's records.
    this.key[r] = key;
    this.inQuery[r] = 1;
    this.deleted[r] = 0;
    this.version[r] = 0;
    this.seconds[r] = docSeconds(this.cost, r);
    if (key > this.maxKey) this.maxKey = key;
    this.pendingFlag[r] = 1;
    this.addPending(r);
    this.live++;
    this.listener?.(kind, r, key);
  }

  private deleteRecord(r: number): void {
    if (this.isLive(r)) this.live--;
    this.deleted[r] = 1;
    this.orderHasDeleted = true;
    this.listener?.('delete', r, 0);
  }

  private exitRecord(r: number): void {
    if (this.isLive(r)) this.live--;
    this.inQuery[r] = 0;
    this.listener?.('exit', r, 0);
  }

  private editRecord(r: number): void {
    this.version[r]++;
    this.listener?.('edit', r, this.version[r]);
  }

  private rekey(r: number, key: number): void {
    this.key[r] = key;
    if (key > this.maxKey) this.maxKey = key;
    if (this.pendingFlag[r] === 0) {
      this.pendingFlag[r] = 1;
      this.addPending(r);
    }
    this.listener?.('move', r, key);
  }

  private randomKey(u: number): number {
    return this.keyLow + u * (this.keyHigh - this.keyLow);
  }

  /** A random record of the query (rejection sampling; -1 if none found, e.g. an empty query). */
  private randomLive(u: () => number): number {
    for (let tries = 0; tries < 64; tries++) {
      const r = Math.floor(u() * this.size);
      if (this.isLive(r)) return r;
    }
    return -1;
  }

  /** Keys of the query's records just before and at `position`, widened at the ends. */
  private neighbourKeys(position: number): [number, number] {
    const around = this.recordsAt(Math.max(0, position - 1), position === 0 ? 1 : 2);
    let lo: number | undefined;
    let hi: number | undefined;
    if (position === 0) hi = around.length > 0 ? this.key[around[0]] : undefined;
    else {
      lo = around.length > 0 ? this.key[around[0]] : undefined;
      hi = around.length > 1 ? this.key[around[1]] : undefined;
    }
    if (lo === undefined && hi === undefined) return [this.maxKey, this.maxKey + 1e6];
    if (lo === undefined) return [hi! - 1, hi!];
    if (hi === undefined) return [lo, lo + 1];
    return [lo, hi];
  }

  private addPending(r: number): void {
    if (this.pendingLen === this.pending.length) this.pending = this.arena.grow('source.pending', this.pending, this.pendingLen, 2 * this.pending.length);
    this.pending[this.pendingLen++] = r;
  }

  private grow(): void {
    const cap = Math.max(this.size + 1, Math.min(this.capacity * 2, this.maxRecords));
    const { arena, size } = this;
    this.key = arena.grow('source.key', this.key, size, cap);
    this.inQuery = arena.grow('source.inQuery', this.inQuery, size, cap);
    this.deleted = arena.grow('source.deleted', this.deleted, size, cap);
    this.version = arena.grow('source.version', this.version, size, cap);
    this.seconds = arena.grow('source.seconds', this.seconds, size, cap);
    this.order = arena.grow('source.order', this.order, this.orderLen, cap);
    this.pendingFlag = arena.grow('source.pendingFlag', this.pendingFlag, size, cap);
    this.capacity = cap;
  }

  /**
   * Repair the export order in place: drop deleted and pending entries, sort the pending records
   * that still exist, and merge them in from the back (the order has room for both).
   */
  private normalize(): void {
    if (this.pendingLen === 0 && !this.orderHasDeleted) return;
    const { key, deleted, pendingFlag, order, pending } = this;
    let k = 0;
    for (let i = 0; i < this.orderLen; i++) {
      const r = order[i];
      if (deleted[r] === 0 && pendingFlag[r] === 0) order[k++] = r;
    }
    let f = 0;
    for (let j = 0; j < this.pendingLen; j++) {
      const r = pending[j];
      pendingFlag[r] = 0;
      if (deleted[r] === 0) pending[f++] = r;
    }
    pending.subarray(0, f).sort((a, b) => key[a] - key[b] || a - b);
    // (key, record) orders every record apart: the merge from the back puts the later one last.
    let i = k - 1;
    let j = f - 1;
    for (let o = k + f - 1; j >= 0; o--) {
      if (i >= 0 && (key[order[i]] > key[pending[j]] || (key[order[i]] === key[pending[j]] && order[i] > pending[j]))) order[o] = order[i--];
      else order[o] = pending[j--];
    }
    this.orderLen = k + f;
    this.pendingLen = 0;
    this.orderHasDeleted = false;
  }
}
