import { InputError } from '../errors.js';
import { LIMITS } from '../scenario/limits.js';

/**
 * The event history of one simulated job: what happened and when, in simulated seconds. It
 * drives the timeline chart and the explanations, and its fingerprint proves that a seed
 * reproduces a run exactly.
 */
export type EventKind =
  | 'manager-start'
  | 'manager-done'
  | 'run-start'
  | 'overwrite-clean'
  | 'table-built'
  | 'table-reused'
  | 'retry'
  | 'batch-saved'
  | 'stop-requested'
  | 'stop-detected'
  | 'cancel-observed'
  | 'truncated'
  | 'paused'
  | 'killed'
  | 'aborted'
  | 'resumed'
  | 'trimmed'
  | 'fallback'
  | 'completed'
  | 'failed';

export interface TraceEvent {
  t: number;
  kind: EventKind;
  /** IAPI export run (0-based; -1 outside a run). */
  run: number;
  a: number;
  b: number;
  text: string;
}

export class Trace {
  readonly events: TraceEvent[] = [];
  private hash = 0x811c9dc5;

  /**
   * `maxEvents` bounds the history of one job. The load-time bounds keep batches and stops well
   * below it; transient-error retries, drawn as the job runs, can still flood it.
   */
  constructor(private readonly maxEvents: number = LIMITS.jobEvents) {}

  emit(t: number, kind: EventKind, run: number, a = 0, b = 0, text = ''): void {
    if (this.events.length >= this.maxEvents) {
      throw new InputError({
        problem: `the simulated job recorded more than ${this.maxEvents} events (batches, transient-error retries, stops) by simulated time ${Math.round(t)} s`,
        allowed: `at most ${this.maxEvents} events in a job: fewer transient errors (faults.transientErrorProbability, errors events, the transientErrors fault) or retries (exporter.exportErrorRetries, exporter.ioErrorRetries)`,
      });
    }
    this.events.push({ t, kind, run, a, b, text });
    this.mix(`${t}|${kind}|${run}|${a}|${b}|${text};`);
  }

  /** Mix extra state (e.g. the final file) into the fingerprint. */
  mix(s: string): void {
    let h = this.hash;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    this.hash = h >>> 0;
  }

  /** Mix a run of integers (e.g. every row written) into the fingerprint. */
  mixInts(values: Int32Array | Uint16Array, length: number): void {
    let h = this.hash;
    for (let i = 0; i < length; i++) {
      h ^= values[i];
      h = Math.imul(h, 0x01000193);
    }
    this.hash = h >>> 0;
  }

  /** FNV-1a of the whole history, as 8 hex digits. */
  get fingerprint(): string {
    return this.hash.toString(16).padStart(8, '0');
  }

  last(kind: EventKind): TraceEvent | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i].kind === kind) return this.events[i];
    return undefined;
  }
}
