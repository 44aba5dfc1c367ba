import { describe, expect, it } from 'vitest';
import { SeedRun, toResult } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import { scenario } from '../helpers.js';

/** Churn of every kind, scripted events and three stops: every path the tracing hooks touch. */
const busy = scenario({
  name: 'traced',
  source: { documents: 20_000, order: 'sort-key' },
  stops: [{ at: 99.5, downtime: 900 }, { at: 1500, downtime: 600 }, { at: 2500, downtime: 300 }],
  churn: { insertsPerHour: 2000, deletesPerHour: 800, entriesPerHour: 300, exitsPerHour: 300, sortKeyEditsPerHour: 600, contentEditsPerHour: 1500 },
  events: [
    { at: 400, kind: 'insert', position: 0, count: 50 },
    { at: 400, kind: 'move', position: 10, count: 5, to: 15_000 },
    { at: 1200, kind: 'delete', position: 100, count: 20 },
  ],
});

describe('tracing for explanations', () => {
  it('is off in the fast path: no change log, no row times', () => {
    const job = new SeedRun(busy, 1).job(STRATEGIES[2]);
    expect(job.changeLog).toBeNull();
    expect(job.iapi.history.time).toBeNull();
  });

  it('leaves every result identical, fingerprints included', () => {
    for (const seed of [1, 2]) {
      const world = new SeedRun(busy, seed);
      for (const s of STRATEGIES) {
        const plain = world.run(s);
        const traced = toResult(busy, seed, s, world.job(s, { explain: true }));
        expect(traced).toEqual(plain);
      }
    }
  });

  it('logs every change with its time, and each row with the time it was written', () => {
    const job = new SeedRun(busy, 1).job(STRATEGIES[2], { explain: true });
    const log = job.changeLog!;
    const times = log.changes.map((c) => c.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The scripted insert of 50 at 400 s, each record named with its event.
    const inserted = log.changes.filter((c) => c.scripted?.kind === 'insert');
    expect(inserted).toHaveLength(50);
    expect(inserted.every((c) => c.t === 400 && c.kind === 'insert')).toBe(true);
    for (const kind of ['insert', 'delete', 'enter', 'exit', 'edit', 'move'] as const) expect(log.changes.some((c) => c.kind === kind && c.scripted === null)).toBe(true);
    // A record's versions in the log end at its final version.
    const edited = log.changes.find((c) => c.kind === 'edit')!.record;
    expect(log.of(edited).filter((c) => c.kind === 'edit').at(-1)!.detail).toBe(job.source.version[edited]);
    // Row times grow within each run and lie inside the run.
    const h = job.iapi.history;
    for (let i = 1; i < h.length; i++) if (h.run[i] === h.run[i - 1]) expect(h.time![i]).toBeGreaterThan(h.time![i - 1]);
    expect(h.time![h.length - 1]).toBeLessThanOrEqual(job.endAt);
  });
});
