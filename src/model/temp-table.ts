import type { ExporterParams } from '../scenario/types.js';

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
  versions: Int32Array | null = null;
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
