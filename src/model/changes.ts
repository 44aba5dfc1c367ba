import { InputError } from '../errors.js';
import { LIMITS } from '../scenario/limits.js';
import type { ChurnParams, ScriptedEvent } from '../scenario/types.js';
import { exponential, type Rng } from './random.js';
import type { DataSource } from './source.js';

type SourceEvent = Exclude<ScriptedEvent, { kind: 'errors' }>;

/**
 * Everything that changes the live data source over simulated time: the churn rate processes
 * (one Poisson process whose events pick their kind by rate) and the scenario's scripted
 * events. The exporter never writes to the source, so its history depends on time alone and is
 * the same under every strategy.
 */
export class SourceChanges {
  private readonly source: DataSource;
  private readonly rng: Rng;
  private readonly rates: number[];
  private readonly totalPerSecond: number;
  private readonly scripted: SourceEvent[];
  private nextScripted = 0;
  private nextChurnAt: number;
  private readonly maxChurnChanges: number;
  private churnChanges = 0;
  /** Time the source has been brought up to. */
  now = 0;
  /** Called before a scripted event is applied (tracing for explanations). */
  onScripted: ((e: SourceEvent) => void) | undefined;
  /** Called before each churn event (tracing). */
  onChurn: ((t: number) => void) | undefined;

  /**
   * `maxChurnChanges` bounds the work of the rate processes, which grows with simulated time (a
   * ten-year pause at ten million inserts an hour would never end): past it the scenario is refused.
   */
  constructor(source: DataSource, churn: ChurnParams, events: ScriptedEvent[], rng: Rng, maxChurnChanges: number = LIMITS.churnChanges) {
    this.source = source;
    this.maxChurnChanges = maxChurnChanges;
    this.rng = rng;
    this.rates = [
      churn.insertsPerHour,
      churn.deletesPerHour,
      churn.entriesPerHour,
      churn.exitsPerHour,
      churn.sortKeyEditsPerHour,
      churn.contentEditsPerHour,
    ];
    this.totalPerSecond = this.rates.reduce((a, b) => a + b, 0) / 3600;
    this.scripted = events.filter((e): e is SourceEvent => e.kind !== 'errors');
    this.nextChurnAt = this.totalPerSecond > 0 ? exponential(rng, this.totalPerSecond) : Infinity;
  }

  /** Apply every change up to and including time t, in time order (scripted first on a tie). */
  advanceTo(t: number): void {
    if (t < this.now) return;
    for (;;) {
      const s = this.nextScripted < this.scripted.length ? this.scripted[this.nextScripted].at : Infinity;
      if (s > t && this.nextChurnAt > t) break;
      if (s <= this.nextChurnAt) {
        const e = this.scripted[this.nextScripted++];
        this.now = e.at;
        this.onScripted?.(e);
        this.applyScripted(e);
      } else {
        this.now = this.nextChurnAt;
        if (++this.churnChanges > this.maxChurnChanges) {
          throw new InputError({
            path: 'churn',
            problem: `more than ${this.maxChurnChanges} churn changes by simulated time ${Math.round(this.now)} s`,
            allowed: `churn rates × the job's simulated time (pauses included) at most ${this.maxChurnChanges} changes in a job`,
          });
        }
        this.onChurn?.(this.now);
        this.applyChurn();
        this.nextChurnAt += exponential(this.rng, this.totalPerSecond);
      }
    }
    this.now = t;
  }

  private applyScripted(e: SourceEvent): void {
    const s = this.source;
    switch (e.kind) {
      case 'insert':
        return s.insertAt(e.position, e.count);
      case 'enter':
        return s.insertAt(e.position, e.count, 'enter');
      case 'delete':
        return s.deleteAt(e.position, e.count);
      case 'exit':
        return s.exitAt(e.position, e.count);
      case 'edit':
        return s.editAt(e.position, e.count);
      case 'move':
        return s.moveTo(e.position, e.count, e.to);
    }
  }

  private applyChurn(): void {
    const s = this.source;
    const rng = this.rng;
    let pick = rng() * this.totalPerSecond * 3600;
    let kind = 0;
    while (kind < this.rates.length - 1 && pick >= this.rates[kind]) pick -= this.rates[kind++];
    switch (kind) {
      case 0:
        return s.insertRandom(rng());
      case 1:
        return s.deleteRandom(rng);
      case 2:
        return s.enterRandom(rng());
      case 3:
        return s.exitRandom(rng);
      case 4:
        return s.sortKeyEditRandom(rng);
      default:
        return s.editRandom(rng);
    }
  }
}
