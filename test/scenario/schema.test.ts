import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { DEFAULT_STOP_DOWNTIME_SECONDS, defaultScenario } from '../../src/scenario/defaults.js';
import { formatPath } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/schema.js';
import type { Scenario } from '../../src/scenario/types.js';

function parseError(raw: unknown): InputError {
  try {
    parseScenario(raw, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseScenario: valid documents', () => {
  it('applies every default to a document with only a name', () => {
    expect(parseScenario({ name: 'minimal' })).toEqual({ ...defaultScenario(), name: 'minimal', family: 'minimal' });
  });

  it('reads back the defaults written out in full YAML form', () => {
    const d = defaultScenario();
    const { killAfterSeconds, tempTableRetentionSeconds, drainStopTimeoutSeconds, ...job } = d.job;
    const { stallSeconds, secondStopWithinSeconds, secondStopDowntimeSeconds, ...faults } = d.faults;
    const { family, sweep, ...named } = d;
    void family;
    void sweep;
    const written = {
      ...named,
      job: { ...job, killAfter: killAfterSeconds, tempTableRetention: tempTableRetentionSeconds, drainStopTimeout: drainStopTimeoutSeconds },
      faults: { ...faults, stall: stallSeconds, secondStopWithin: secondStopWithinSeconds, secondStopDowntime: secondStopDowntimeSeconds },
    };
    expect(parseScenario(written)).toEqual(d);
  });

  it('resolves the contract example', () => {
    const scenario = parseScenario({
      name: 'inserts-ahead',
      description: 'what question this scenario answers',
      seed: 7,
      runs: 20,
      source: { kind: 'saved-search', documents: 50000, order: 'sort-key' },
      files: { meanBytes: 1000, largeShare: 0.01 },
      iapi: { append: false },
      exporter: { batchSize: 500, docsPerSecond: 80, ioErrorRetries: 3 },
      manager: { totalCountSeconds: 12 },
      job: { overwrite: true, startAtRecord: 11, pollSeconds: 1, killAfter: '5m', tempTableRetention: '1d', statsStep: 100 },
      budget: '4m',
      stops: [{ at: 200, downtime: '10m' }, { at: '1h30m' }],
      churn: { insertsPerHour: 1000, sortKeyEditsPerHour: 5 },
      faults: { transientErrorProbability: 0.05 },
      events: [
        { at: 400, insert: { position: 0, count: 5000 } },
        { at: 400, delete: { position: 0, count: 10 } },
        { at: '1m', exit: { position: 3, count: 2 } },
        { at: 50, enter: { position: 1, count: 4 } },
        { at: 400, edit: { position: 3, count: 2 } },
        { at: 30, move: { position: 3, count: 2, to: 0 } },
        { at: '250ms', errors: { count: 3 } },
      ],
    });
    const d = defaultScenario();
    expect(scenario).toEqual({
      ...d,
      name: 'inserts-ahead',
      family: 'inserts-ahead',
      description: 'what question this scenario answers',
      seed: 7,
      runs: 20,
      source: { kind: 'saved-search', documents: 50000, order: 'sort-key' },
      files: { ...d.files, meanBytes: 1000, largeShare: 0.01 },
      iapi: { append: false, keepTempTable: true, exportByArtifactIds: true, reportDurablePosition: true, reportRemainingIds: true },
      exporter: { ...d.exporter, batchSize: 500, docsPerSecond: 80, ioErrorRetries: 3 },
      manager: { totalCountSeconds: 12 },
      job: { ...d.job, overwrite: true, startAtRecord: 11, pollSeconds: 1, killAfterSeconds: 300, tempTableRetentionSeconds: 86_400, statsStep: 100 },
      budget: 240,
      stops: [
        { at: 200, downtime: 600 },
        { at: 5400, downtime: DEFAULT_STOP_DOWNTIME_SECONDS },
      ],
      churn: { ...d.churn, insertsPerHour: 1000, sortKeyEditsPerHour: 5 },
      faults: { ...d.faults, transientErrorProbability: 0.05 },
      // Sorted by time; the three events at 400 keep their file order.
      events: [
        { at: 0.25, kind: 'errors', count: 3 },
        { at: 30, kind: 'move', position: 3, count: 2, to: 0 },
        { at: 50, kind: 'enter', position: 1, count: 4 },
        { at: 60, kind: 'exit', position: 3, count: 2 },
        { at: 400, kind: 'insert', position: 0, count: 5000 },
        { at: 400, kind: 'delete', position: 0, count: 10 },
        { at: 400, kind: 'edit', position: 3, count: 2 },
      ],
    } satisfies Scenario);
  });

  it.each([
    ['production', 'bates'],
    ['saved-search', 'artifact-id'],
    ['folder', 'artifact-id'],
  ] as const)('a %s is exported in %s order unless told', (kind, order) => {
    expect(parseScenario({ name: 'n', source: { kind } }).source.order).toBe(order);
    expect(parseScenario({ name: 'n', source: { kind, order: 'sort-key' } }).source.order).toBe('sort-key');
  });

  it('kills the agent at the budget unless killAfter is given', () => {
    expect(parseScenario({ name: 'n', budget: '10m' }).job.killAfterSeconds).toBe(600);
    expect(parseScenario({ name: 'n', budget: '10m', job: { killAfter: 30 } }).job.killAfterSeconds).toBe(30);
  });

  it('accepts the bounds themselves', () => {
    const scenario = parseScenario({
      name: 'x'.repeat(200),
      description: 'y'.repeat(4000),
      seed: 2 ** 31 - 1,
      runs: 100_000,
      // The source can reach 50000000 records in all (scale.test.ts).
      source: { documents: 40_000_000 },
      exporter: { batchSize: 1_000_000 },
      faults: { transientErrorProbability: 1 },
      budget: '3650d',
      events: [{ at: 0, insert: { position: 0, count: 10_000_000 } }],
    });
    expect(scenario.budget).toBe(315_360_000);
  });
});

describe('parseScenario: bad documents', () => {
  it.each<[string, unknown, string]>([
    ['missing name', {}, 'bad.yaml: name: missing (required); allowed: text of 1 to 200 characters, without control characters'],
    ['empty name', { name: '' }, 'bad.yaml: name: got ""; allowed: text of 1 to 200 characters, without control characters'],
    ['batch size 0', { name: 'n', exporter: { batchSize: 0 } }, 'bad.yaml: exporter.batchSize: got 0; allowed: an integer from 1 to 1000000'],
    ['fractional count', { name: 'n', runs: 1.5 }, 'bad.yaml: runs: got 1.5; allowed: an integer from 1 to 100000'],
    ['string number', { name: 'n', seed: '1' }, 'bad.yaml: seed: got "1"; allowed: an integer from 0 to 2147483647'],
    ['NaN rate', { name: 'n', churn: { insertsPerHour: NaN } }, 'bad.yaml: churn.insertsPerHour: got NaN; allowed: a number from 0 to 10000000'],
    ['infinite rate', { name: 'n', files: { bytesPerSecond: Infinity } }, 'bad.yaml: files.bytesPerSecond: got Infinity; allowed: a number greater than 0 and at most 1e12'],
    ['zero divisor', { name: 'n', exporter: { docsPerSecond: 0 } }, 'bad.yaml: exporter.docsPerSecond: got 0; allowed: a number greater than 0 and at most 1e9'],
    ['probability', { name: 'n', faults: { transientErrorProbability: -0.1 } }, 'bad.yaml: faults.transientErrorProbability: got -0.1; allowed: a number from 0 to 1'],
    ['too many documents', { name: 'n', source: { documents: 50_000_001 } }, 'bad.yaml: source.documents: got 50000001; allowed: an integer from 0 to 50000000'],
    ['unknown kind', { name: 'n', source: { kind: 'search' } }, 'bad.yaml: source.kind: got "search"; allowed: one of saved-search, production, folder'],
    ['unknown order', { name: 'n', source: { order: 'id' } }, 'bad.yaml: source.order: got "id"; allowed: one of artifact-id, sort-key, bates'],
    ['boolean', { name: 'n', iapi: { append: 'yes' } }, 'bad.yaml: iapi.append: got "yes"; allowed: true or false'],
    ['unknown top key', { name: 'n', budjet: 300 }, 'bad.yaml: budjet: unknown key; allowed: known keys: name, description, seed, runs, source, files, iapi, exporter, manager, job, budget, stops, churn, faults, events, assumptions'],
    ['unknown nested key', { name: 'n', manager: { totalCount: 1 } }, 'bad.yaml: manager.totalCount: unknown key; allowed: known keys: totalCountSeconds'],
    ['type name of a Seconds field', { name: 'n', job: { killAfterSeconds: 1 } }, 'bad.yaml: job.killAfterSeconds: unknown key; allowed: known keys: overwrite, startAtRecord, pollSeconds, killAfter, drainStopTimeout, jobDetailsWriteSeconds, jobDetailsBytesPerSecond, jobDetailsLimitBytes, destinationFromStartTime, sharedFolderFiles, statsStep, tempTableRetention, loadFileRowBytes, loadFileReadBytesPerSecond'],
    ['section not a mapping', { name: 'n', job: [] }, 'bad.yaml: job: got a list of 0 items; allowed: a mapping with the keys overwrite, startAtRecord, pollSeconds, killAfter, drainStopTimeout, jobDetailsWriteSeconds, jobDetailsBytesPerSecond, jobDetailsLimitBytes, destinationFromStartTime, sharedFolderFiles, statsStep, tempTableRetention, loadFileRowBytes, loadFileReadBytesPerSecond'],
    ['a bad assumption value', { name: 'n', assumptions: { overwrite: 'wipe' } }, 'bad.yaml: assumptions.overwrite: got "wipe"; allowed: one of per-file, folder (default per-file)'],
    ['a boolean assumption given as text', { name: 'n', assumptions: { trimAfterKill: 'yes' } }, 'bad.yaml: assumptions.trimAfterKill: got "yes"; allowed: one of true, false (default true)'],
    ['an unknown assumption', { name: 'n', assumptions: { overWrite: 'folder' } }, 'bad.yaml: assumptions.overWrite: unknown key; allowed: known keys: downloadCancellable, overwrite, tempTableGone, trimAfterKill, statistics, afterKill'],
    ['top level not a mapping', ['name'], 'bad.yaml: the top level is not a mapping (got a list of 1 item); allowed: a mapping with the keys name, description, seed, runs, source, files, iapi, exporter, manager, job, budget, stops, churn, faults, events, assumptions'],
    ['bad duration', { name: 'n', budget: '5 minutes' }, 'bad.yaml: budget: got "5 minutes"; allowed: a duration from 0 to 10 years: seconds, or a string like "90s", "5m", "1h30m", "1.5h", "250ms" (units d, h, m, s, ms, largest first)'],
    ['negative duration', { name: 'n', stops: [{ at: 1 }, { at: -1 }] }, 'bad.yaml: stops[1].at: got -1; allowed: a duration from 0 to 10 years: seconds, or a string like "90s", "5m", "1h30m", "1.5h", "250ms" (units d, h, m, s, ms, largest first)'],
    ['stop without at', { name: 'n', stops: [{ downtime: 5 }] }, 'bad.yaml: stops[0].at: missing (required); allowed: a duration from 0 to 10 years: seconds, or a string like "90s", "5m", "1h30m", "1.5h", "250ms" (units d, h, m, s, ms, largest first)'],
    ['duration over 10 years', { name: 'n', job: { tempTableRetention: '3651d' } }, 'bad.yaml: job.tempTableRetention: got "3651d"; allowed: a duration from 0 to 10 years: seconds, or a string like "90s", "5m", "1h30m", "1.5h", "250ms" (units d, h, m, s, ms, largest first)'],
    ['event without kind', { name: 'n', events: [{ at: 5 }] }, 'bad.yaml: events[0]: no event kind given; allowed: "at" plus exactly one of insert, enter, delete, exit, edit, move, errors'],
    ['event with two kinds', { name: 'n', events: [{ at: 5, exit: { position: 0, count: 1 }, edit: { position: 0, count: 1 } }] }, 'bad.yaml: events[0]: more than one event kind: exit, edit; allowed: "at" plus exactly one of insert, enter, delete, exit, edit, move, errors'],
    ['move without to', { name: 'n', events: [{ at: 5, move: { position: 0, count: 1 } }] }, 'bad.yaml: events[0].move.to: missing (required); allowed: an integer from 0 to 2147483647'],
    ['huge event count', { name: 'n', events: [{ at: 5, errors: { count: 1e12 } }] }, 'bad.yaml: events[0].errors.count: got 1000000000000; allowed: an integer from 0 to 10000000'],
    ['too many stops', { name: 'n', stops: Array.from({ length: 10_001 }, () => ({ at: 1 })) }, 'bad.yaml: stops: got a list of 10001 items; allowed: a list of at most 10000 stops'],
    ['long description', { name: 'n', description: 'd'.repeat(4001) }, 'bad.yaml: description: got "dddddddddddddddddddddddddddddd…" (4001 characters); allowed: text of at most 4000 characters, without control characters (tab and line breaks allowed)'],
    ['null value', { name: 'n', description: null }, 'bad.yaml: description: got null; allowed: text of at most 4000 characters, without control characters (tab and line breaks allowed)'],
    ['key with spaces', { name: 'n', source: { 'doc count': 1 } }, 'bad.yaml: source["doc count"]: unknown key; allowed: known keys: kind, documents, order'],
    // Control characters a YAML escape ("\e", "\a", "\0", "\x9b") puts into a name or description.
    ['an ANSI escape in a name', { name: 'red \u001b[31m name' }, 'bad.yaml: name: a control character (U+001B at character 5); allowed: text of 1 to 200 characters, without control characters'],
    ['a bell in a name', { name: 'ding\u0007' }, 'bad.yaml: name: a control character (U+0007 at character 5); allowed: text of 1 to 200 characters, without control characters'],
    ['a line break in a name', { name: 'two\nlines' }, 'bad.yaml: name: a control character (U+000A at character 4); allowed: text of 1 to 200 characters, without control characters'],
    ['a bidirectional override in a name', { name: 'abc\u202edcb' }, 'bad.yaml: name: a control character (U+202E at character 4); allowed: text of 1 to 200 characters, without control characters'],
    ['NUL in a description', { name: 'n', description: 'a\u0000b' }, 'bad.yaml: description: a control character (U+0000 at character 2); allowed: text of at most 4000 characters, without control characters (tab and line breaks allowed)'],
    ['a C1 control in a description', { name: 'n', description: 'CSI \u009b2J' }, 'bad.yaml: description: a control character (U+009B at character 5); allowed: text of at most 4000 characters, without control characters (tab and line breaks allowed)'],
  ])('%s', (_label, raw, message) => {
    expect(parseError(raw).message).toBe(message);
  });

  it('carries file, path and allowed as fields', () => {
    expect(parseError({ name: 'n', stops: [{ at: 1, downtime: 'x' }] })).toMatchObject({
      file: 'bad.yaml',
      path: 'stops[0].downtime',
      problem: 'got "x"',
    });
  });

  it('keeps tabs and line breaks in a description', () => {
    expect(parseScenario({ name: 'n', description: 'one\n\ttwo\r\n' }).description).toBe('one\n\ttwo\r\n');
  });

  it('leaves out the file when none is given', () => {
    expect(() => parseScenario({ name: 'n', runs: 0 })).toThrow(/^runs: got 0; allowed: an integer from 1 to 100000$/);
  });
});

describe('formatPath', () => {
  it('writes dotted keys and bracketed indices', () => {
    expect(formatPath(['events', 3, 'move', 'to'])).toBe('events[3].move.to');
    expect(formatPath(['a b', 'c'])).toBe('["a b"].c');
    expect(formatPath([])).toBe('');
    expect(formatPath(['', 'x'])).toBe('[""].x');
    expect(formatPath(['inputs', 'temp-table', 'effort'], /^[\w-]+$/)).toBe('inputs.temp-table.effort');
  });
});
