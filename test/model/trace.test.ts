import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/model/arena.js';
import { Trace, type EventKind, type TraceEvent } from '../../src/model/trace.js';

/** The fingerprint as it was defined: FNV-1a over each event's text `t|kind|run|a|b|text;`. */
function fnv(events: readonly TraceEvent[]): string {
  let h = 0x811c9dc5;
  for (const e of events) {
    const s = `${e.t}|${e.kind}|${e.run}|${e.a}|${e.b}|${e.text};`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const KINDS: EventKind[] = ['run-start', 'batch-saved', 'retry', 'truncated', 'failed', 'stop-requested'];
const number = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom(0, -0, 1e21, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Infinity, -Infinity, 0.1 + 0.2, 1e-7, 123456789.125),
);
const event = fc.record({ t: number, kind: fc.constantFrom(...KINDS), run: fc.integer({ min: -1, max: 70_000 }), a: number, b: number, text: fc.oneof(fc.constant(''), fc.string()) });

describe('the event history', () => {
  it('keeps every event as recorded, and its fingerprint is FNV-1a over the events as text', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 600 }), fc.boolean(), (events, shared) => {
        const trace = new Trace(10_000, new Arena(shared));
        for (const e of events) trace.emit(e.t, e.kind, e.run, e.a, e.b, e.text);
        expect(trace.events).toEqual(events);
        expect(trace.length).toBe(events.length);
        expect(trace.fingerprint).toBe(fnv(events));
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('finds the last event of a kind', () => {
    const trace = new Trace();
    trace.emit(1, 'retry', 0, 1, 30);
    trace.emit(2, 'batch-saved', 0, 10, 10);
    trace.emit(3, 'retry', 0, 2, 30, 'download');
    expect(trace.last('retry')).toEqual({ t: 3, kind: 'retry', run: 0, a: 2, b: 30, text: 'download' });
    expect(trace.last('failed')).toBeUndefined();
  });
});
