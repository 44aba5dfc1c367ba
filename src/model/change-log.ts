import type { ScriptedEvent } from '../scenario/types.js';
import { doubled } from './arena.js';
import type { SourceChanges } from './changes.js';
import type { ChangeKind, DataSource } from './source.js';

/** One change of one record of the live source. */
export interface RecordChange {
  /** Simulated time of the change. */
  t: number;
  kind: ChangeKind;
  record: number;
  /** The new key (insert, enter, move), the new version (edit), else 0. */
  detail: number;
  /** The scenario's scripted event that made the change, or null for churn. */
  scripted: ScriptedEvent | null;
}

const KINDS: readonly ChangeKind[] = ['insert', 'enter', 'delete', 'exit', 'edit', 'move'];

/**
 * Every change of every record over a job, in time order: what the explanations read to say
 * which change moved which record. Attached only when explaining: the fast path has no
 * listener, so it makes no closure call and no allocation per change. Kept as columns (no object
 * per change); `changes` and `of` build the objects the explanations read, once.
 */
export class ChangeLog {
  private t = new Float64Array(1024);
  private kind = new Uint8Array(1024);
  private record = new Int32Array(1024);
  private detail = new Float64Array(1024);
  /** Index in `scriptedEvents` of the event that made the change, or -1 for churn. */
  private scripted = new Int32Array(1024);
  private readonly scriptedEvents: ScriptedEvent[] = [];
  private count = 0;
  private built: RecordChange[] | null = null;
  private byRecord: Map<number, RecordChange[]> | null = null;

  static attach(source: DataSource, changes: SourceChanges): ChangeLog {
    const log = new ChangeLog();
    let scripted = -1;
    changes.onScripted = (e) => {
      scripted = log.scriptedEvents.push(e) - 1;
    };
    changes.onChurn = () => {
      scripted = -1;
    };
    source.listener = (kind, record, detail) => log.add(changes.now, kind, record, detail, scripted);
    return log;
  }

  /** Every change, in time order. */
  get changes(): readonly RecordChange[] {
    if (this.built === null) {
      const out: RecordChange[] = [];
      for (let i = 0; i < this.count; i++) {
        const e = this.scripted[i];
        out.push({ t: this.t[i], kind: KINDS[this.kind[i]], record: this.record[i], detail: this.detail[i], scripted: e < 0 ? null : this.scriptedEvents[e] });
      }
      this.built = out;
    }
    return this.built;
  }

  /** The changes of one record, in time order. */
  of(record: number): readonly RecordChange[] {
    if (this.byRecord === null) {
      this.byRecord = new Map();
      for (const c of this.changes) {
        const list = this.byRecord.get(c.record);
        if (list === undefined) this.byRecord.set(c.record, [c]);
        else list.push(c);
      }
    }
    return this.byRecord.get(record) ?? [];
  }

  private add(t: number, kind: ChangeKind, record: number, detail: number, scripted: number): void {
    if (this.count === this.t.length) this.grow();
    const i = this.count++;
    this.t[i] = t;
    this.kind[i] = KINDS.indexOf(kind);
    this.record[i] = record;
    this.detail[i] = detail;
    this.scripted[i] = scripted;
    this.built = null;
    this.byRecord = null;
  }

  private grow(): void {
    this.t = doubled(this.t);
    this.kind = doubled(this.kind);
    this.record = doubled(this.record);
    this.detail = doubled(this.detail);
    this.scripted = doubled(this.scripted);
  }
}
