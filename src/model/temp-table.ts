import type { ExporterParams } from '../scenario/types.js';
import type { RecordLists } from './record-lists.js';

/**
 * When IAPI finishes building (freezing) a temp table of `records` records started at `from`; not
 * cancellable. `from` 0 gives the build's length. (The sum is kept in this order, start first:
 * the simulated times, and so the fingerprints, depend on it to the last bit.)
 */
export function tempTableBuildEnd(p: Pick<ExporterParams, 'tempTableBaseSeconds' | 'tempTableSecondsPerMillion'>, from: number, records: number): number {
  return from + p.tempTableBaseSeconds + (p.tempTableSecondsPerMillion * records) / 1e6;
}

/**
 * IAPI's temp table: the records of the export frozen at its start ("to prevent situations when
 * data source change during the job"). IAPI drops it when the export finishes or stops; with the
 * `keepTempTable` capability it is kept on a stop, its id is exposed to RIP, and it survives
 * for the scenario's retention time.
 */
export class TempTable {
  readonly id: number;
  /** Record numbers in export order, as frozen. */
  readonly records: Int32Array;
  readonly builtAt: number;
  /** When it was kept for a resume (null while in use or after being dropped). */
  keptAt: number | null = null;
  /** When it stops existing: dropped by IAPI, expired, or never (Infinity). */
  goneAt = Infinity;
  /** Why it is gone, for messages and explanations. */
  goneBecause = '';
  /** Seconds it was held for a resume (the cost of a kept snapshot). */
  retainedSeconds = 0;
  /** Record versions at the freeze (captured for the job's first table: S0). */
  versions: FrozenVersions | null = null;
  /** Agent seconds spent building (freezing) it; a kill during the build cuts it short. */
  buildSeconds = 0;

  constructor(id: number, records: Int32Array, builtAt: number) {
    this.id = id;
    this.records = records;
    this.builtAt = builtAt;
  }

  get rowCount(): number {
    return this.records.length;
  }

  existsAt(t: number): boolean {
    return t < this.goneAt;
  }

  drop(t: number, because: string): void {
    if (t < this.goneAt) {
      this.goneAt = t;
      this.goneBecause = because;
    }
  }

  /** Attach a kept table to a resumed export. */
  reuse(t: number): void {
    this.retainedSeconds += t - this.keptAt!;
    this.keptAt = null;
    this.goneAt = Infinity;
  }

  /** Row-seconds held for a resume: the size-weighted cost of keeping it. */
  get rowSeconds(): number {
    return this.retainedSeconds * this.records.length;
  }

  /** At the end of the job: a table still kept is held until it expires. */
  settleRetention(): void {
    if (this.keptAt !== null) this.retainedSeconds += this.goneAt - this.keptAt;
    this.keptAt = null;
  }

  /** Keep for a resume; the platform drops it when the retention time runs out. */
  keep(t: number, retentionSeconds: number): void {
    this.keptAt = t;
    this.goneAt = t + retentionSeconds;
    this.goneBecause = `expired after the ${retentionSeconds} s retention`;
  }
}

/**
 * The versions of a temp table's records at its freeze (the job's first table: S0's). Nearly every
 * record is still at version 0 when the job starts (only edits during ExportManager's query and
 * the freeze come before it), so a shared arena keeps only the others, as ascending table
 * positions and their versions, unless they are more than an eighth; otherwise every position's.
 * `from(start)` numbers them from a start position (S0 begins at the first run's start number).
 */
export class FrozenVersions {
  private constructor(
    /** Every position's version, or null when sparse. */
    private readonly dense: Int32Array | null,
    /** Sparse: the positions whose version is not 0, ascending, and their versions. */
    private readonly positions: Int32Array,
    private readonly values: Int32Array,
    /** Table position of number 0. */
    private readonly offset: number,
    readonly length: number,
  ) {}

  /** Where `next` stands among the edited positions. */
  private cursor = 0;

  /** The versions of `records` now; sparse only if `sparse` allows and few are not 0. */
  static freeze(records: Int32Array, version: Int32Array, lists: RecordLists, sparse: boolean): FrozenVersions {
    const n = records.length;
    let edited = 0;
    if (sparse) for (let i = 0; i < n; i++) if (version[records[i]] !== 0) edited++;
    if (!sparse || edited > n >> 3) {
      const dense = lists.take(n);
      for (let i = 0; i < n; i++) dense[i] = version[records[i]];
      return new FrozenVersions(dense, EMPTY, EMPTY, 0, n);
    }
    const positions = new Int32Array(edited);
    const values = new Int32Array(edited);
    for (let i = 0, j = 0; i < n; i++) {
      const v = version[records[i]];
      if (v !== 0) {
        positions[j] = i;
        values[j++] = v;
      }
    }
    return new FrozenVersions(null, positions, values, 0, n);
  }

  /** Numbered from table position `start`. */
  from(start: number): FrozenVersions {
    return new FrozenVersions(this.dense?.subarray(start) ?? null, this.positions, this.values, this.offset + start, this.length - start);
  }

  /** The memory a shared arena must keep for them (null when sparse: arrays of their own). */
  get list(): Int32Array | null {
    return this.dense;
  }

  /** The version of number `k` (a binary search when sparse). */
  at(k: number): number {
    if (this.dense !== null) return this.dense[k];
    const p = this.offset + k;
    let lo = 0;
    let hi = this.positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.positions[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.positions.length && this.positions[lo] === p ? this.values[lo] : 0;
  }

  /**
   * The version of number `k`, for a walk in ascending order (no search when sparse: a cursor
   * moves along the edited positions, and starts again when `k` goes back).
   */
  next(k: number): number {
    if (this.dense !== null) return this.dense[k];
    const p = this.offset + k;
    const { positions } = this;
    if (this.cursor > 0 && positions[this.cursor - 1] >= p) this.cursor = 0;
    while (this.cursor < positions.length && positions[this.cursor] < p) this.cursor++;
    return this.cursor < positions.length && positions[this.cursor] === p ? this.values[this.cursor] : 0;
  }

  /** Every version in order: the dense view, or a new array. */
  toArray(): Int32Array {
    if (this.dense !== null) return this.dense;
    const out = new Int32Array(this.length);
    for (let j = 0; j < this.positions.length; j++) {
      const k = this.positions[j] - this.offset;
      if (k >= 0 && k < this.length) out[k] = this.values[j];
    }
    return out;
  }
}

const EMPTY = new Int32Array(0);
