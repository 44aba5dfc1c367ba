import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary } from '../../src/check/arbitraries.js';
import { Arena, expectedRecords } from '../../src/model/arena.js';
import { FAULT_NAMES, type Scenario } from '../../src/scenario/types.js';
import { simulateJob } from '../../src/model/job.js';
import { DataSource } from '../../src/model/source.js';
import { initialSource, SeedRun, simulateScenario, sourceStart, toResult } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import { scenario } from '../helpers.js';

/** The result of a job simulated in memory of its own: what a shared arena must reproduce. */
function privately(sc: Scenario, seed: number) {
  const world = new SeedRun(sc, seed);
  return STRATEGIES.map((s) => toResult(sc, seed, s, world.job(s)));
}

const churn = { insertsPerHour: 3000, deletesPerHour: 1500, entriesPerHour: 800, exitsPerHour: 800, sortKeyEditsPerHour: 900, contentEditsPerHour: 3000 };
const swarm = Object.fromEntries(FAULT_NAMES.map((f) => [f, 0.4])) as Scenario['faults']['swarm'];

/** Every order, churn of every kind, scripted events, faults drawn, a new folder per fresh run, kept tables expiring. */
const worlds: Scenario[] = [
  scenario({
    name: 'sort-key',
    source: { documents: 6000, order: 'sort-key' },
    exporter: { batchSize: 250 },
    stops: [{ at: 20, downtime: 900 }, { at: 70, downtime: 3600 }, { at: 110, downtime: 60 }],
    churn,
    events: [
      { at: 30, kind: 'insert', position: 10, count: 40 },
      { at: 30, kind: 'move', position: 100, count: 8, to: 5000 },
      { at: 90, kind: 'delete', position: 2000, count: 30 },
    ],
    faults: { swarm } as Scenario['faults'],
    job: { tempTableRetentionSeconds: 1800 } as Scenario['job'],
  }),
  scenario({
    name: 'artifact-id',
    source: { documents: 2500, order: 'artifact-id' },
    exporter: { batchSize: 100 },
    stops: [{ at: 15, downtime: 600 }, { at: 40, downtime: 300 }],
    churn,
    faults: { swarm } as Scenario['faults'],
    job: { destinationFromStartTime: true, sharedFolderFiles: 7 } as Scenario['job'],
  }),
  scenario({
    name: 'bates',
    source: { documents: 1200, order: 'bates' },
    exporter: { batchSize: 64 },
    stops: [{ at: 5, downtime: 120 }],
    churn: { ...churn, insertsPerHour: 0 },
    assumptions: { overwrite: 'folder', downloadCancellable: false } as Scenario['assumptions'],
  }),
];

describe('the arena', () => {
  it('a shared arena, reused across scenarios, seeds and strategies, gives the results of private memory (fingerprints included)', () => {
    const arena = new Arena(true);
    // Large, small, large again: the arena grows, is given back, and grows again.
    for (const sc of [worlds[0], worlds[2], worlds[1], worlds[0]]) {
      for (const seed of [1, 2, 3]) {
        const shared = simulateScenario(sc, STRATEGIES, [seed], arena);
        expect(shared).toEqual(privately(sc, seed));
      }
    }
  });

  it('holds for arbitrary scenarios with churn, one arena across all of them', () => {
    const arena = new Arena(true);
    const rate = fc.integer({ min: 0, max: 5000 });
    const rates = fc.record({ insertsPerHour: rate, deletesPerHour: rate, entriesPerHour: rate, exitsPerHour: rate, sortKeyEditsPerHour: rate, contentEditsPerHour: rate });
    fc.assert(
      fc.property(scenarioArbitrary({ maxDocuments: 400 }), rates, (drawn, c) => {
        const sc: Scenario = { ...drawn, churn: c };
        const shared = simulateScenario(sc, STRATEGIES, [sc.seed], arena);
        expect(shared).toEqual(privately(sc, sc.seed));
      }),
      { numRuns: 30, seed: 16 },
    );
  }, 180_000);

  it('a job given a built data source copies it into its arena, and runs as from the seed\'s start', () => {
    const sc = worlds[1];
    const arena = new Arena(true);
    const initial = initialSource(sc, 2);
    for (const s of STRATEGIES) {
      const copied = toResult(sc, 2, s, simulateJob(sc, 2, s, initial, undefined, { arena }));
      expect(copied).toEqual(new SeedRun(sc, 2).run(s));
    }
    expect(initial.snapshot()).toHaveLength(sc.source.documents);
    expect(() => DataSource.copy(DataSource.start(sourceStart(sc, 2), arena), arena)).toThrow(/arena it lives in/);
  });

  it('sizes its memory once per scenario: a second seed through every strategy takes no new memory', () => {
    const sc = worlds[0];
    const arena = new Arena(true);
    for (const s of STRATEGIES) new SeedRun(sc, 1, arena).run(s);
    const bytes = arena.bytes;
    expect(bytes).toBeGreaterThan(0);
    const world = new SeedRun(sc, 2, arena);
    for (const s of STRATEGIES) {
      world.run(s);
      expect(arena.bytes).toBe(bytes);
    }
  });

  it('a job that outgrows the expected records grows its columns, and the arena keeps them for the next job', () => {
    // A second stop's ten-hour downtime is no part of the estimate: the churn's inserts go past it.
    const sc = scenario({
      name: 'outgrown',
      source: { documents: 20_000 },
      stops: [{ at: 10, downtime: 60 }],
      churn: { insertsPerHour: 20_000, deletesPerHour: 0, entriesPerHour: 0, exitsPerHour: 0, sortKeyEditsPerHour: 0, contentEditsPerHour: 0 },
      faults: { force: { secondStop: true }, secondStopDowntimeSeconds: 36_000 } as Scenario['faults'],
    });
    const restart = STRATEGIES.find((s) => s.id === 'restart')!;
    const arena = new Arena(true);
    const world = new SeedRun(sc, 1, arena);
    const job = world.job(restart, { arena });
    expect(job.source.size).toBeGreaterThan(expectedRecords(sc));
    expect(toResult(sc, 1, restart, job)).toEqual(toResult(sc, 1, restart, new SeedRun(sc, 1).job(restart)));
    const bytes = arena.bytes;
    world.run(restart);
    expect(arena.bytes).toBe(bytes);
  });

  it('gives a large scenario back before a run of small ones', () => {
    const arena = new Arena(true);
    new SeedRun(scenario({ name: 'large', source: { documents: 200_000 }, stops: [] }), 1, arena).run(STRATEGIES[1]);
    const large = arena.bytes;
    new SeedRun(scenario({ name: 'small', source: { documents: 1000 }, stops: [] }), 1, arena).run(STRATEGIES[1]);
    expect(arena.bytes).toBeLessThan(large / 10);
  });

  it('a private arena never hands out the same memory twice', () => {
    const arena = new Arena(false);
    const a = arena.i32('x', 8);
    expect(arena.i32('x', 8)).not.toBe(a);
    expect(arena.lists.take(5).buffer).not.toBe(arena.lists.take(5).buffer);
    expect(arena.lists.take(5)).toHaveLength(5);
    expect(arena.bytes).toBe(0);
  });
});

describe('record lists in a shared arena', () => {
  it('are views of slabs; a slab is reused once no live list is a view of it', () => {
    const arena = new Arena(true);
    arena.prepare(scenario({ source: { documents: 100 } }));
    const a = arena.lists.take(10);
    const b = arena.lists.take(20);
    expect(a).toHaveLength(10);
    expect(b.buffer).not.toBe(a.buffer);
    // b's slab is free once only a (and a view of a) is live.
    arena.lists.keepOnly([a.subarray(3)]);
    const c = arena.lists.take(30);
    expect(c.buffer).toBe(b.buffer);
    expect(arena.lists.take(1).buffer).not.toBe(a.buffer);
    // A new job: every slab is free again.
    arena.lists.reset();
    expect([arena.lists.take(1).buffer, arena.lists.take(1).buffer, arena.lists.take(1).buffer]).toEqual([a.buffer, b.buffer, expect.anything()]);
  });

  it('a list longer than the scenario expected gets a slab of its own length', () => {
    const arena = new Arena(true);
    arena.prepare(scenario({ source: { documents: 10 } }));
    const long = arena.lists.take(arena.records + 5);
    expect(long).toHaveLength(arena.records + 5);
  });
});

describe('the expected records', () => {
  it('are the documents, the scripted inserts and entries, and twice the churn over the expected job, the headroom at most the documents again', () => {
    const base = scenario({ source: { documents: 10_000 }, stops: [] });
    expect(expectedRecords(base)).toBe(10_000 + 1024);
    const scripted = scenario({ source: { documents: 10_000 }, stops: [], events: [{ at: 1, kind: 'insert', position: 0, count: 30 }, { at: 2, kind: 'enter', position: 0, count: 12 }, { at: 3, kind: 'delete', position: 0, count: 99 }] });
    expect(expectedRecords(scripted)).toBe(10_000 + 42 + 1024);
    const churned = scenario({ source: { documents: 10_000 }, stops: [{ at: 1, downtime: 3600 }], churn: { ...base.churn, insertsPerHour: 100, entriesPerHour: 50 } });
    const seconds = expectedRecords(churned) - 10_000 - 1024;
    // At least an hour of downtime at 150 an hour, twice.
    expect(seconds).toBeGreaterThanOrEqual(300);
    const flood = scenario({ source: { documents: 10_000 }, stops: [{ at: 1, downtime: 1e8 }], churn: { ...base.churn, insertsPerHour: 1e6 } });
    expect(expectedRecords(flood)).toBe(10_000 + 10_000 + 65_536 + 1024);
  });
});
