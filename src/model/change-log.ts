import type { ScriptedEvent } from '../scenario/types.js';
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

/**
 * Every change of every record over a job, in time order: what the explanations read to say
 * which change moved which record. Attached only when explaining: the fast path has no
 * listener, so it makes no closure call and no allocation per change.
 */
export class ChangeLog {
  readonly changes: RecordChange[] = [];
  private byRecord: Map<number, RecordChange[]> | null = null;

  static attach(source: DataSource, changes: SourceChanges): ChangeLog {
    const log = new ChangeLog();
    let scripted: ScriptedEvent | null = null;
    changes.onScripted = (e) => {
      scripted = e;
    };
    changes.onChurn = () => {
      scripted = null;
    };
    source.listener = (kind, record, detail) => {
      log.changes.push({ t: changes.now, kind, record, detail, scripted });
    };
    return log;
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
}
