import { LIMITS } from '../scenario/limits.js';
import type { Scenario } from '../scenario/types.js';
import { RecordLists } from './record-lists.js';
import { tempTableBuildEnd } from './temp-table.js';

type Column = Float64Array | Int32Array | Uint16Array | Uint8Array;
type ColumnType<T extends Column> = new (length: number) => T;

/**
 * The memory jobs run in. Every typed array a job needs in proportion to its records (the data
 * source's columns, the row history, temp tables and ID lists, the oracle's per-record counts, the
 * event history) is taken from an arena by name.
 *
 * A shared arena (one per worker thread, one per `simulateScenario`) sizes them once per scenario,
 * from the scenario (`prepare`), and hands the same memory to every seed and strategy: on these
 * machines faulting fresh pages in costs more than simulating the documents that fill them. A
 * job's outcome then lives in the arena until the arena's next job. A private arena allocates
 * exactly what is asked and never reuses it: the outcome owns its memory (explanations, load
 * files on disk, tests).
 */
export class Arena {
  readonly shared: boolean;
  /** Records a job of the current scenario is expected to reach: the length of every per-record column. */
  records = 0;
  /** Temp tables, snapshots and ID lists. */
  readonly lists: RecordLists;
  /** The seed's start whose file times the 'source.seconds' column holds (a shared arena computes them once per seed). */
  private seconds: { of: object; column: Float64Array } | null = null;
  private readonly columns = new Map<string, Column>();

  constructor(shared: boolean) {
    this.shared = shared;
    this.lists = new RecordLists(this);
  }

  /**
   * Size for a scenario. A shared arena keeps its columns while they fit the scenario and are not
   * more than four times what it needs (a worker that ran a large scenario gives the memory back
   * for a run of small ones).
   */
  prepare(sc: Scenario): void {
    const records = expectedRecords(sc);
    if (this.shared && records * 4 < this.records) {
      this.columns.clear();
      this.lists.clear();
      this.seconds = null;
    }
    this.records = records;
  }

  /** Does `column` hold the file times of the seed's start `of` (a shared arena computed them for an earlier job)? */
  hasSeconds(of: object, column: Float64Array): boolean {
    return this.seconds !== null && this.seconds.of === of && this.seconds.column === column;
  }

  /** `column` now holds the file times of `of` (null: of no seed's start). */
  setSeconds(of: object | null, column: Float64Array): void {
    this.seconds = this.shared && of !== null ? { of, column } : null;
  }

  f64(name: string, length: number): Float64Array {
    return this.column(name, length, Float64Array);
  }

  i32(name: string, length: number): Int32Array {
    return this.column(name, length, Int32Array);
  }

  u16(name: string, length: number): Uint16Array {
    return this.column(name, length, Uint16Array);
  }

  u8(name: string, length: number): Uint8Array {
    return this.column(name, length, Uint8Array);
  }

  /**
   * The column `name` with room for `length` values and the first `keep` values of `old` (a
   * column the job grew past the scenario's estimate). A shared arena keeps the grown column.
   */
  grow<T extends Column>(name: string, old: T, keep: number, length: number): T {
    const next = this.column(name, length, old.constructor as ColumnType<T>);
    if (next !== old) next.set(old.subarray(0, keep));
    return next;
  }

  /** Bytes the arena holds (its columns and its lists' slabs). */
  get bytes(): number {
    let n = this.lists.bytes;
    for (const c of this.columns.values()) n += c.byteLength;
    return n;
  }

  /** A column of at least `length` values; its contents are whatever the last job left (callers initialize what they read). */
  private column<T extends Column>(name: string, length: number, type: ColumnType<T>): T {
    if (!this.shared) return new type(length);
    const have = this.columns.get(name);
    if (have instanceof type && have.length >= length) return have;
    const made = new type(length);
    this.columns.set(name, made);
    return made;
  }
}

/** A column of twice `c`'s length holding its values: a column of its own that grows as it fills (the change log, a folder's operations). */
export function doubled<T extends Column>(c: T): T {
  const next = new (c.constructor as ColumnType<T>)(2 * c.length);
  next.set(c);
  return next;
}

/**
 * Records a job of the scenario is expected to reach: its documents, its scripted insert and enter
 * events, and twice the churn's inserts and entries over the job's expected length (the manager's
 * query, the first freeze, every document exported once with its share of the batches' fixed
 * steps, the stops' downtimes), that headroom at most the documents again. A job that goes past it
 * grows its columns (a shared arena keeps the grown ones); the model's bound is LIMITS.records.
 */
export function expectedRecords(sc: Scenario): number {
  const { files: f, exporter: p } = sc;
  const documents = sc.source.documents;
  const meanBytes = f.largeShare * f.largeBytes + (1 - f.largeShare) * f.meanBytes;
  const perDocument = 1 / p.docsPerSecond + meanBytes / f.bytesPerSecond + (p.prepareSeconds + p.validateSeconds + p.saveStateSeconds) / p.batchSize;
  const downtime = sc.stops.reduce((s, x) => s + x.downtime, 0);
  const seconds = sc.manager.totalCountSeconds + tempTableBuildEnd(p, 0, documents) + documents * perDocument + downtime;
  const churn = ((sc.churn.insertsPerHour + sc.churn.entriesPerHour) * seconds) / 3600;
  let scripted = 0;
  for (const e of sc.events) if (e.kind === 'insert' || e.kind === 'enter') scripted += e.count;
  const headroom = Number.isFinite(churn) ? Math.min(2 * churn, documents + 65_536) : documents;
  const expected = documents + scripted + headroom + 1024;
  return Math.ceil(Math.min(LIMITS.records, expected));
}
