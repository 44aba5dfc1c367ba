import type { OrderKind, ScriptedEvent } from '../scenario/types.js';

/**
 * A plain-list model of the data source under scripted events, written from the scenario
 * format's definition ("positions are 0-based in the current export order", records numbered as
 * created) and independent of `DataSource`: the live query is an array in export order, changes
 * are splices. The properties measure the simulator against it.
 */
export class ReferenceSource {
  /** Records in the query and not deleted, in export order. */
  live: number[];
  readonly deleted = new Set<number>();
  readonly exited = new Set<number>();
  /** Records created so far (the next record number). */
  size: number;
  /** Scripted events applied so far. */
  private applied = 0;
  private readonly events: ScriptedEvent[];
  private readonly movable: boolean;

  constructor(documents: number, order: OrderKind, events: readonly ScriptedEvent[]) {
    this.live = Array.from({ length: documents }, (_, i) => i);
    this.size = documents;
    this.events = events.filter((e) => e.kind !== 'errors');
    this.movable = order === 'sort-key';
  }

  /** Apply every scripted event at or before time t (in file order on a tie); returns this. */
  at(t: number): this {
    while (this.applied < this.events.length && this.events[this.applied].at <= t) this.apply(this.events[this.applied++]);
    return this;
  }

  isLive(record: number): boolean {
    return record < this.size && !this.deleted.has(record) && !this.exited.has(record);
  }

  /** Scripted source events up to time t; moves only where keys can move (sort-key order). */
  eventsUpTo(t: number): ScriptedEvent[] {
    return this.events.filter((e) => e.at <= t && (e.kind !== 'move' || this.movable));
  }

  private apply(e: ScriptedEvent): void {
    switch (e.kind) {
      case 'insert':
      case 'enter': {
        const fresh = Array.from({ length: e.count }, (_, j) => this.size + j);
        this.size += e.count;
        this.live.splice(Math.min(e.position, this.live.length), 0, ...fresh);
        return;
      }
      case 'delete':
        for (const r of this.live.splice(e.position, e.count)) this.deleted.add(r);
        return;
      case 'exit':
        for (const r of this.live.splice(e.position, e.count)) this.exited.add(r);
        return;
      case 'move': {
        if (!this.movable) return;
        const moving = this.live.splice(e.position, e.count);
        this.live.splice(Math.min(e.to, this.live.length), 0, ...moving);
        return;
      }
      case 'edit':
      case 'errors':
        return;
    }
  }
}
