import { InputError } from '../errors.js';
import { LIMITS } from '../scenario/limits.js';
import { Arena } from './arena.js';

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

const EVENT_KINDS: readonly EventKind[] = [
  'manager-start',
  'manager-done',
  'run-start',
  'overwrite-clean',
  'table-built',
  'table-reused',
  'retry',
  'batch-saved',
  'stop-requested',
  'stop-detected',
  'cancel-observed',
  'truncated',
  'paused',
  'killed',
  'aborted',
  'resumed',
  'trimmed',
  'fallback',
  'completed',
  'failed',
];
const KIND_CODE = new Map(EVENT_KINDS.map((k, i) => [k, i]));

/** Digits of an integer, least significant first (scratch for the fingerprint). */
const digits = new Uint8Array(24);

/**
 * The events are kept as columns (one entry per batch, no object per event); `events` builds the
 * objects for the readers after the job. The fingerprint is FNV-1a over each event's text
 * `t|kind|run|a|b|text;`, mixed as the event is recorded: integers digit by digit, a fractional
 * time through its decimal text (the one string an event costs, dropped at once).
 */
export class Trace {
  private hash = 0x811c9dc5;
  private t: Float64Array;
  private kind: Uint8Array;
  private run: Int32Array;
  private a: Float64Array;
  private b: Float64Array;
  /** The events' texts, by index (most events have none). */
  private readonly texts = new Map<number, string>();
  private count = 0;
  private built: TraceEvent[] | null = null;

  /**
   * `maxEvents` bounds the history of one job. The load-time bounds keep batches and stops well
   * below it; transient-error retries, drawn as the job runs, can still flood it.
   */
  constructor(
    private readonly maxEvents: number = LIMITS.jobEvents,
    private readonly arena: Arena = new Arena(false),
  ) {
    this.t = arena.f64('trace.t', 256);
    this.kind = arena.u8('trace.kind', 256);
    this.run = arena.i32('trace.run', 256);
    this.a = arena.f64('trace.a', 256);
    this.b = arena.f64('trace.b', 256);
  }

  emit(t: number, kind: EventKind, run: number, a = 0, b = 0, text = ''): void {
    if (this.count >= this.maxEvents) {
      throw new InputError({
        problem: `the simulated job recorded more than ${this.maxEvents} events (batches, transient-error retries, stops) by simulated time ${Math.round(t)} s`,
        allowed: `at most ${this.maxEvents} events in a job: fewer transient errors (faults.transientErrorProbability, errors events, the transientErrors fault) or retries (exporter.exportErrorRetries, exporter.ioErrorRetries)`,
      });
    }
    if (this.count === this.t.length) this.grow();
    const i = this.count++;
    this.t[i] = t;
    this.kind[i] = KIND_CODE.get(kind)!;
    this.run[i] = run;
    this.a[i] = a;
    this.b[i] = b;
    if (text !== '') this.texts.set(i, text);
    this.built = null;
    this.mixNumber(t);
    this.mixChar(0x7c);
    this.mix(kind);
    this.mixChar(0x7c);
    this.mixNumber(run);
    this.mixChar(0x7c);
    this.mixNumber(a);
    this.mixChar(0x7c);
    this.mixNumber(b);
    this.mixChar(0x7c);
    this.mix(text);
    this.mixChar(0x3b);
  }

  /** Events recorded. */
  get length(): number {
    return this.count;
  }

  /** Every event, in order (built on first use after the last emit). */
  get events(): TraceEvent[] {
    if (this.built === null) {
      const out: TraceEvent[] = [];
      for (let i = 0; i < this.count; i++) out.push(this.at(i));
      this.built = out;
    }
    return this.built;
  }

  /** Event `i`. */
  at(i: number): TraceEvent {
    return { t: this.t[i], kind: EVENT_KINDS[this.kind[i]], run: this.run[i], a: this.a[i], b: this.b[i], text: this.texts.get(i) ?? '' };
  }

  kindAt(i: number): EventKind {
    return EVENT_KINDS[this.kind[i]];
  }

  runAt(i: number): number {
    return this.run[i];
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

  /** Mix one integer `count` times (a range of rows of one export run). */
  mixRepeated(value: number, count: number): void {
    let h = this.hash;
    for (let i = 0; i < count; i++) {
      h ^= value;
      h = Math.imul(h, 0x01000193);
    }
    this.hash = h >>> 0;
  }

  /** FNV-1a of the whole history, as 8 hex digits. */
  get fingerprint(): string {
    return this.hash.toString(16).padStart(8, '0');
  }

  last(kind: EventKind): TraceEvent | undefined {
    const code = KIND_CODE.get(kind)!;
    for (let i = this.count - 1; i >= 0; i--) if (this.kind[i] === code) return this.at(i);
    return undefined;
  }

  private mixChar(c: number): void {
    this.hash = Math.imul(this.hash ^ c, 0x01000193) >>> 0;
  }

  /** Mix a number's decimal text as JavaScript writes it (String(x)). */
  private mixNumber(x: number): void {
    if (!Number.isSafeInteger(x)) return this.mix(String(x));
    let v = x;
    if (v < 0) {
      this.mixChar(0x2d);
      v = -v;
    }
    let n = 0;
    do {
      digits[n++] = v % 10;
      v = Math.floor(v / 10);
    } while (v > 0);
    while (n > 0) this.mixChar(0x30 + digits[--n]);
  }

  private grow(): void {
    const { arena, count } = this;
    this.t = arena.grow('trace.t', this.t, count, 2 * count);
    this.kind = arena.grow('trace.kind', this.kind, count, 2 * count);
    this.run = arena.grow('trace.run', this.run, count, 2 * count);
    this.a = arena.grow('trace.a', this.a, count, 2 * count);
    this.b = arena.grow('trace.b', this.b, count, 2 * count);
  }
}
