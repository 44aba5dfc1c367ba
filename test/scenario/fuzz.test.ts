import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { MAX_FILE_BYTES } from '../../src/io/yaml-file.js';
import { defaultScenario } from '../../src/scenario/defaults.js';
import { MAX_DURATION_SECONDS } from '../../src/scenario/duration.js';
import { LIMITS } from '../../src/scenario/limits.js';
import { loadScenarioVariants } from '../../src/scenario/load.js';
import { parseScenario } from '../../src/scenario/schema.js';
import type { Scenario } from '../../src/scenario/types.js';
import { SEED, badValue, caseFile, check, editedBytes, editedTexts, freeBytes, freeTexts, loadCase, mutatedDocs, yamlTexts, type Doc, type Mutation } from '../fuzz.js';

/**
 * Fuzz test of the scenario loader (issue 6, bad input): mutated and malformed scenario files,
 * loaded in-process. Every case either loads into scenarios that keep every stated bound, or is
 * refused with one InputError: one line, starting with the file name, naming the field path when
 * the problem is in a field, saying what is allowed; within a second (a hang guard, not a speed
 * target). Anything else, another exception, a stack or a hang, fails the test.
 */

const CASE_FILE = caseFile('case.yaml');

// ---------------------------------------------------------------------------------------------
// The seeds of the mutations: the default scenario files, and the defaults with every key written.

function everyKeyWritten(): Doc {
  const { killAfterSeconds, tempTableRetentionSeconds, ...job } = defaultScenario().job;
  const { stallSeconds, secondStopWithinSeconds, secondStopDowntimeSeconds, ...faults } = defaultScenario().faults;
  const { family: _family, sweep: _sweep, ...named } = defaultScenario();
  return {
    ...named,
    name: 'every-key',
    job: { ...job, killAfter: killAfterSeconds, tempTableRetention: tempTableRetentionSeconds },
    faults: { ...faults, force: { secondStop: false }, stall: stallSeconds, secondStopWithin: secondStopWithinSeconds, secondStopDowntime: secondStopDowntimeSeconds },
    stops: [{ at: '2m', downtime: '1h' }],
    events: [
      { at: 10, insert: { position: 0, count: 5 } },
      { at: 10, delete: { position: 0, count: 5 } },
      { at: 10, exit: { position: 0, count: 5 } },
      { at: 10, edit: { position: 0, count: 5 } },
      { at: 10, move: { position: 0, count: 5, to: 9 } },
      { at: 10, errors: { count: 5 } },
    ],
  };
}

const SCENARIO_FILES = readdirSync('scenarios').filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('decision'));
const BASES: Doc[] = [
  ...SCENARIO_FILES.map((n) => parse(readFileSync(join('scenarios', n), 'utf8')) as Doc),
  everyKeyWritten(),
];

/** Counts that would allocate a lot if they were not bounded before allocation. */
const hugeCounts = fc
  .record({
    documents: fc.constantFrom(undefined, 0, 4, 1e6, 5e7, 5e7 + 1, 1e9),
    batchSize: fc.constantFrom(undefined, 1, 1000, 1e6),
    inserts: fc.nat({ max: 12 }),
    insertCount: fc.constantFrom(1, 1e5, 1e7, 1e7 + 1),
    stops: fc.constantFrom(0, 1, 3, 100),
    runs: fc.constantFrom(undefined, 1, 1e5, 1e5 + 1),
    errors: fc.constantFrom(0, 1e7),
    retries: fc.constantFrom(undefined, 20, 1e7),
    churn: fc.constantFrom(undefined, 1e7),
    downtime: fc.constantFrom(undefined, '10y', '3650d', 1e9),
  })
  .map((h): Mutation => (doc) => {
    doc.source = { ...(doc.source as Doc), documents: h.documents };
    doc.exporter = { ...(doc.exporter as Doc), batchSize: h.batchSize, exportErrorRetries: h.retries, ioErrorRetries: h.retries };
    doc.runs = h.runs;
    if (h.churn !== undefined) doc.churn = { insertsPerHour: h.churn, entriesPerHour: h.churn, deletesPerHour: h.churn };
    doc.stops = Array.from({ length: h.stops }, (_, i) => ({ at: i * 60, downtime: h.downtime }));
    doc.events = [
      ...Array.from({ length: h.inserts }, (_, i) => ({ at: i, insert: { position: 0, count: h.insertCount } })),
      ...(h.errors > 0 ? [{ at: 1, errors: { count: h.errors } }] : []),
    ];
  });

const SWEEP_PATHS = ['churn.insertsPerHour', 'stops[0].downtime', 'stops[9].at', 'source.documents', 'runs', 'name', 'sweep', 'a..b', '__proto__.polluted', 'constructor.prototype.polluted', 'events[0].insert.count', 'stops.length', 'job.killAfter', 'x', ''];
const addSweep = fc
  .array(fc.record({ parameter: fc.oneof(fc.constantFrom(...SWEEP_PATHS), fc.string({ maxLength: 20 }), badValue), values: fc.oneof(fc.array(badValue, { maxLength: 25 }), badValue) }, { requiredKeys: [] }), { maxLength: 3 })
  .map((sweep): Mutation => (doc) => {
    doc.sweep = sweep;
  });

const yamlText = yamlTexts(mutatedDocs(BASES, [
  { arbitrary: hugeCounts, weight: 2 },
  { arbitrary: addSweep, weight: 2 },
]));

const SCENARIO_WORDS = ['name', 'stops', 'events', 'insert', 'count', 'position', 'at', 'sweep', 'parameter', 'values', 'runs', 'source', 'documents'];

// ---------------------------------------------------------------------------------------------
// The oracle.

/** Every stated bound, checked on a loaded scenario independently of the schema that enforced it. */
function expectWithinLimits(sc: Scenario): void {
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') check(Number.isFinite(value) && value >= 0, `${path} = ${value}: a finite number >= 0`);
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  walk(sc, 'scenario');
  const within = (n: number, min: number, max: number, integer: boolean, what: string) =>
    check(n >= min && n <= max && (!integer || Number.isInteger(n)), `${what} = ${n}: ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  within(sc.name.length, 1, LIMITS.nameChars, true, 'name');
  within(sc.description.length, 0, LIMITS.descriptionChars, true, 'description');
  within(sc.seed, 0, LIMITS.seed, true, 'seed');
  within(sc.runs, 1, LIMITS.runs, true, 'runs');
  within(sc.source.documents, 0, LIMITS.documents, true, 'documents');
  within(sc.exporter.batchSize, 1, LIMITS.batchSize, true, 'batchSize');
  within(sc.files.pagesPerDoc, 0, LIMITS.pagesPerDoc, true, 'pagesPerDoc');
  within(sc.job.startAtRecord, 1, LIMITS.startAtRecord, true, 'startAtRecord');
  within(sc.job.pollSeconds, LIMITS.minPollSeconds, LIMITS.maxPollSeconds, false, 'pollSeconds');
  within(sc.stops.length, 0, LIMITS.stops, true, 'stops');
  within(sc.events.length, 0, LIMITS.events, true, 'events');
  for (const [name, n] of [['exportErrorRetries', sc.exporter.exportErrorRetries], ['ioErrorRetries', sc.exporter.ioErrorRetries], ['sharedFolderFiles', sc.job.sharedFolderFiles], ['statsStep', sc.job.statsStep]] as const) within(n, 0, LIMITS.count, true, name);
  for (const [name, n] of Object.entries(sc.churn)) within(n, 0, LIMITS.churnPerHour, false, name);
  for (const n of [sc.files.bytesPerSecond, sc.exporter.docsPerSecond, sc.job.jobDetailsBytesPerSecond]) check(n > 0, 'a rate > 0');
  for (const n of [sc.faults.transientErrorProbability, sc.files.largeShare, ...Object.values(sc.faults.swarm)]) within(n, 0, 1, false, 'probability');
  const seconds = [sc.budget, sc.job.killAfterSeconds, sc.job.tempTableRetentionSeconds, sc.faults.stallSeconds, sc.faults.secondStopWithinSeconds, sc.faults.secondStopDowntimeSeconds, ...sc.stops.flatMap((s) => [s.at, s.downtime]), ...sc.events.map((e) => e.at)];
  for (const s of seconds) within(s, 0, MAX_DURATION_SECONDS, false, 'duration');
  for (const e of sc.events) {
    within(e.count, 0, LIMITS.count, true, 'event count');
    if (e.kind !== 'errors') within(e.position, 0, LIMITS.position, true, 'event position');
  }
  for (let i = 1; i < sc.events.length; i++) check(sc.events[i].at >= sc.events[i - 1].at, 'events sorted by time');
  // What one job can reach: the combined bounds.
  const records = sc.source.documents + sc.events.reduce((n, e) => n + (e.kind === 'insert' || e.kind === 'enter' ? e.count : 0), 0);
  const runs = 1 + sc.stops.length + ((sc.faults.force.secondStop ?? sc.faults.swarm.secondStop > 0) ? 1 : 0);
  within(records, 0, LIMITS.records, true, 'records');
  within(runs * records, 0, LIMITS.rowsPerJob, true, 'rows per job');
  within(runs * Math.ceil(records / sc.exporter.batchSize), 0, LIMITS.batchesPerJob, true, 'batches per job');
  within(sc.events.filter((e) => e.kind !== 'errors').length * records, 0, LIMITS.eventScans, true, 'event scans');
  within(records * sc.files.pagesPerDoc, 0, LIMITS.imagePages, true, 'image pages');
}

/** The bounds of a file's variants together. */
function expectVariantsWithinLimits(variants: Scenario[]): void {
  check(variants.length >= 1 && variants.length <= LIMITS.sweepVariants, `1 to ${LIMITS.sweepVariants} variants`);
  check(variants.reduce((n, sc) => n + sc.runs, 0) <= LIMITS.sweepRuns, 'runs of all variants');
  check(variants.reduce((n, sc) => n + sc.stops.length + sc.events.length, 0) <= Math.max(LIMITS.sweepItems, LIMITS.stops + LIMITS.events), 'stops and events of all variants');
  for (const sc of variants) expectWithinLimits(sc);
}

/** One case: loads into scenarios within every bound, or is refused with one clear InputError. */
function checkCase(content: string | Buffer): void {
  const result = loadCase(CASE_FILE, content, () => loadScenarioVariants(CASE_FILE));
  if (!(result instanceof InputError)) expectVariantsWithinLimits(result);
}

// ---------------------------------------------------------------------------------------------

describe('scenario files, fuzzed (10,000 cases in all)', () => {
  it('6,000 mutated default scenario files: wrong types, edge numbers, unknown and deleted keys, huge counts, sweeps', () => {
    fc.assert(fc.property(yamlText, checkCase), { numRuns: 6000, seed: SEED });
  });

  it('2,500 mutated texts: BOM, CRLF, control characters, truncation, duplicate lines, tabs, second documents, deep nesting, invalid UTF-8, UTF-16', () => {
    fc.assert(fc.property(fc.oneof({ arbitrary: editedTexts(yamlText), weight: 3 }, { arbitrary: editedBytes(editedTexts(yamlText)), weight: 1 }), checkCase), { numRuns: 2500, seed: SEED });
  });

  it('1,500 free-form texts and byte strings: random YAML tokens, binary, alias bombs, empty and blank files', () => {
    fc.assert(fc.property(fc.oneof({ arbitrary: freeTexts(SCENARIO_WORDS), weight: 4 }, { arbitrary: freeBytes, weight: 1 }), checkCase), { numRuns: 1500, seed: SEED });
  });
});

/** Loads a file (or a scenario object, for lists longer than 1 MiB of YAML holds): the scenarios, or the refusal. */
function outcome(load: () => Scenario[]): Scenario[] | InputError {
  try {
    const variants = load();
    expectVariantsWithinLimits(variants);
    return variants;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    check(!/[\n\r]/.test(e.message) && !!e.allowed, `one line saying what is allowed: ${e.message}`);
    return e;
  }
}
const fromText = (text: string) => () => {
  writeFileSync(CASE_FILE, text);
  return loadScenarioVariants(CASE_FILE);
};
const fromObject = (doc: unknown) => () => [parseScenario(doc, CASE_FILE)];
const repeat = (n: number, item: unknown) => Array.from({ length: n }, () => item);

describe('lists and counts at and beyond their limits', () => {
  it.each<[string, () => Scenario[], RegExp | null]>([
    ['10,000 stops (on 100 documents)', fromText(`name: n\nsource: { documents: 100 }\nstops:\n${'- { at: 1 }\n'.repeat(LIMITS.stops)}`), null],
    ['10,001 stops', fromText(`name: n\nsource: { documents: 100 }\nstops:\n${'- { at: 1 }\n'.repeat(LIMITS.stops + 1)}`), /: stops: got a list of 10001 items; allowed: a list of at most 10000 stops$/],
    ['100,000 events (on 100 documents)', fromObject({ name: 'n', source: { documents: 100 }, events: repeat(LIMITS.events, { at: 1, edit: { position: 0, count: 1 } }) }), null],
    ['100,001 events', fromObject({ name: 'n', events: repeat(LIMITS.events + 1, { at: 1, errors: { count: 1 } }) }), /: events: got a list of 100001 items; allowed: a list of at most 100000 events$/],
    ['a count of 1e7', fromText('name: n\nevents: [ { at: 1, edit: { position: 0, count: 10000000 } } ]\n'), null],
    ['a count of 1e7 + 1', fromText('name: n\nevents: [ { at: 1, edit: { position: 0, count: 10000001 } } ]\n'), /: events\[0\]\.edit\.count: got 10000001; allowed: an integer from 0 to 10000000$/],
    ['5e7 documents', fromText('name: n\nsource: { documents: 5e7 }\n'), null],
    ['5e7 + 1 documents', fromText('name: n\nsource: { documents: 50000001 }\n'), /: source\.documents: got 50000001; allowed: an integer from 0 to 50000000$/],
    ['5e7 documents and inserts of 1e7 in 100 events', fromText(`name: n\nsource: { documents: 5e7 }\nevents:\n${'- { at: 1, insert: { position: 0, count: 10000000 } }\n'.repeat(100)}`), /: events\[0\]\.insert\.count: the source would reach 60000000 records/],
    ['5e7 documents and a stop', fromText('name: n\nsource: { documents: 5e7 }\nstops: [ { at: 1 } ]\n'), null],
    ['5e7 documents and two stops', fromText('name: n\nsource: { documents: 5e7 }\nstops: [ { at: 1 }, { at: 2 } ]\n'), /: stops: 3 export runs .* could write 150000000 rows; allowed: export runs × records at most 100000000 rows in a job$/],
    ['1e5 runs', fromText('name: n\nruns: 100000\n'), null],
    ['1e5 + 1 runs', fromText('name: n\nruns: 100001\n'), /: runs: got 100001; allowed: an integer from 1 to 100000$/],
  ])('%s', (_label, load, refused) => {
    const result = outcome(load);
    if (refused === null) expect(result).not.toBeInstanceOf(InputError);
    else expect((result as InputError).message).toMatch(refused);
  });
});

describe('worst cases: time and memory stay bounded', () => {
  const bomb = ['a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]', ...Array.from({ length: 9 }, (_, l) => `a${l + 1}: &a${l + 1} [${Array(10).fill(`*a${l}`).join(', ')}]`), 'name: *a9'].join('\n');
  it.each<[string, string, RegExp | null]>([
    ['a 1 MiB file of flow scalars', `name: n\nseed: [${'1,'.repeat((MAX_FILE_BYTES - 40) / 2)}1]\n`, /: seed: got a list of \d+ items/],
    ['an alias bomb of 10^10 nodes', bomb, /: YAML alias error: Excessive alias count/],
    ['1 MiB of nesting', '['.repeat(MAX_FILE_BYTES), /: nesting too deep/],
    ['a 1 MiB mapping', Array.from({ length: 90_000 }, (_, i) => `k${i}: 1`).join('\n').slice(0, MAX_FILE_BYTES), /: a mapping of \d+ keys/],
    ['1 MiB of aliases of an empty mapping', `name: n\nx: &e {}\nstops: [${'*e,'.repeat((MAX_FILE_BYTES - 40) / 3)}*e]\n`, /: more than 99 aliases/],
    ['400 sweep variants of 249 stops and events', `name: n\nsource: { documents: 10 }\nstops:\n${'  - { at: 1 }\n'.repeat(249)}sweep:\n  - { parameter: seed, values: [${Array.from({ length: 20 }, (_, i) => i).join(', ')}] }\n  - { parameter: exporter.jitter, values: [${Array.from({ length: 20 }, (_, i) => i / 10).join(', ')}] }\n`, null],
  ])('%s', (_label, text, refused) => {
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_FILE_BYTES);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const result = outcome(fromText(text));
    // A guard against a hang (alias bombs, quadratic parsing), not a speed target: generous, since
    // a 1 MiB file on a loaded 2-core machine takes seconds.
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(2 ** 30);
    if (refused === null) expect(result).not.toBeInstanceOf(InputError);
    else expect((result as InputError).message).toMatch(refused);
  });
});
