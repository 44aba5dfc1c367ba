import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/scenario/limits.js';
import { parseScenario } from '../../src/scenario/schema.js';
import { inputErrorOf } from '../helpers.js';

const refusal = (doc: unknown) => inputErrorOf(() => parseScenario(doc, 's.yaml'));

const inserts = (n: number, count: number) => Array.from({ length: n }, (_, i) => ({ at: i, insert: { position: 0, count } }));
const deletes = (n: number) => Array.from({ length: n }, (_, i) => ({ at: i, delete: { position: 0, count: 1 } }));
const stops = (n: number) => Array.from({ length: n }, (_, i) => ({ at: 60 * (i + 1) }));

// Each field within its own bound, the products beyond what one job may allocate or loop over.
describe('combined bounds, checked when the file is loaded', () => {
  it('records: documents plus the counts of insert events, at most 50000000', () => {
    expect(parseScenario({ name: 'n', source: { documents: 40_000_000 }, events: inserts(2, 5_000_000) }).events).toHaveLength(2);
    expect(refusal({ name: 'n', source: { documents: 40_000_000 }, events: [...deletes(1), ...inserts(3, 5_000_000)] })).toMatchObject({
      path: 'events[3].insert.count',
      message: 's.yaml: events[3].insert.count: the source would reach 55000000 records (source.documents 40000000 plus the inserts and entries up to here); allowed: source.documents plus the counts of all insert and enter events at most 50000000',
    });
    // The bound the brief names: 5e7 documents and inserts of 1e7 in 1e5 events.
    expect(refusal({ name: 'n', source: { documents: 50_000_000 }, events: inserts(100_000, 10_000_000) }).path).toBe('events[0].insert.count');
  });

  it('records: enter events add records too, counted with the inserts', () => {
    const entries = [{ at: 2, enter: { position: 0, count: 6_000_000 } }, { at: 3, enter: { position: 0, count: 6_000_000 } }];
    expect(refusal({ name: 'n', source: { documents: 40_000_000 }, events: [...inserts(1, 1), ...entries] })).toMatchObject({
      path: 'events[2].enter.count',
      message: expect.stringMatching(/: the source would reach 52000001 records \(source\.documents 40000000 plus the inserts and entries up to here\)/),
    });
  });

  it('rows: export runs (1, one per stop, one for the secondStop fault) × records, at most 1e8', () => {
    const big = { name: 'n', source: { documents: 50_000_000 } };
    expect(parseScenario({ ...big, stops: stops(1) }).stops).toHaveLength(1);
    expect(parseScenario({ ...big, stops: stops(1), faults: { swarm: { secondStop: 0.5 }, force: { secondStop: false } } }).stops).toHaveLength(1);
    expect(refusal({ ...big, stops: stops(2) }).message).toBe(
      's.yaml: stops: 3 export runs (the first, one per stop) of up to 50000000 records could write 150000000 rows; allowed: export runs × records at most 100000000 rows in a job',
    );
    expect(refusal({ ...big, stops: stops(1), faults: { swarm: { secondStop: 0.5 } } }).message).toMatch(/^s\.yaml: stops: 3 export runs \(the first, one per stop, one for the secondStop fault\)/);
    expect(refusal({ name: 'n', source: { documents: 10_000 }, stops: stops(LIMITS.stops) }).path).toBe('stops');
  });

  it('batches: export runs × records / batchSize, at most 5000000', () => {
    expect(parseScenario({ name: 'n', source: { documents: 1_000_000 }, exporter: { batchSize: 1 }, stops: stops(3) }).exporter.batchSize).toBe(1);
    expect(refusal({ name: 'n', source: { documents: 3_000_000 }, exporter: { batchSize: 1 }, stops: stops(1) }).message).toBe(
      's.yaml: exporter.batchSize: 2 export runs (the first, one per stop) of up to 3000000 records in batches of 1 could run 6000000 batches; allowed: export runs × records / batchSize at most 5000000 batches in a job',
    );
  });

  it('event scans: insert, delete, exit, edit and move events × records, at most 1e9 (errors events do not scan)', () => {
    const big = { name: 'n', source: { documents: 50_000_000 } };
    expect(parseScenario({ ...big, events: [...deletes(20), { at: 5, errors: { count: 3 } }] }).events).toHaveLength(21);
    expect(refusal({ ...big, events: deletes(21) }).message).toBe(
      's.yaml: events: 21 insert, delete, exit, edit or move events on a source of up to 50000000 records; allowed: such events × records at most 1000000000 (each event scans the export order)',
    );
  });

  it('image pages: records × pagesPerDoc, at most 1e8', () => {
    expect(parseScenario({ name: 'n', source: { documents: 50_000_000 }, files: { pagesPerDoc: 2 } }).files.pagesPerDoc).toBe(2);
    expect(refusal({ name: 'n', source: { documents: 50_000_000 }, files: { pagesPerDoc: 3 } }).message).toBe(
      's.yaml: files.pagesPerDoc: up to 50000000 records would have 150000000 image pages; allowed: records × pagesPerDoc at most 100000000 image pages (Opticon lines)',
    );
  });
});

// The nominal job (estimateJob): one export of the source at the mean rates, paused for its stops.
describe('bounds of the nominal job, checked when the file is loaded (before any run)', () => {
  it('rates so small that a document would take forever (5e-324 docs/s, 1e-300 bytes/s) are refused, not crashed on', () => {
    expect(refusal({ name: 'n', exporter: { docsPerSecond: 5e-324 } }).message).toBe(
      "s.yaml: exporter.docsPerSecond: a document would take Infinity s to export (1/exporter.docsPerSecond plus its files' bytes over files.bytesPerSecond); allowed: rates that export a document, its largest files included, in at most 315360000 s",
    );
    expect(refusal({ name: 'n', files: { meanBytes: 1000, bytesPerSecond: 1e-300 } }).path).toBe('files.bytesPerSecond');
    // A large native counts even when the mean is small.
    expect(refusal({ name: 'n', files: { largeShare: 0.001, largeBytes: 1e13, bytesPerSecond: 1 } }).path).toBe('files.bytesPerSecond');
    expect(refusal({ name: 'n', source: { documents: 50_000_000 }, exporter: { docsPerSecond: 0.1 } }).message).toMatch(/^s\.yaml: exporter\.docsPerSecond: exporting the source once would take 500138007 s \(50000000 records at 10 s each, 50000 batches, 0 expected retries\); allowed: a source exported once in at most 315360000 s of simulated time$/);
    expect(parseScenario({ name: 'n', source: { documents: 50_000_000 }, exporter: { docsPerSecond: 1 } }).exporter.docsPerSecond).toBe(1);
  });

  it('churn over the job, pauses included: at most LIMITS.churnChanges changes, and the source at most LIMITS.records records', () => {
    // Today's ten-year pause: refused at load, where the model found it only after seconds of running.
    const late = { name: 'n', source: { documents: 100 }, stops: [{ at: 10, downtime: '3000d' }], churn: { contentEditsPerHour: 10_000_000 } };
    expect(refusal(late).message).toMatch(/^s\.yaml: churn: about 720000000000 churn changes over the job's 259000000 s \(one export of the source and the downtime of its stops\); allowed: churn rates × the job's simulated time \(pauses included\) at most 50000000 changes in a job$/);
    // A stop after the nominal end pauses nothing.
    expect(parseScenario({ ...late, stops: [{ at: '1h', downtime: '3000d' }] }).stops).toHaveLength(1);
    expect(refusal({ name: 'n', source: { documents: 40_000_000 }, stops: [{ at: 10, downtime: '30d' }], churn: { insertsPerHour: 20_000 } }).message).toMatch(/churn: the source would grow to about 5\d{7} records/);
  });

  it('retries: a job records at most LIMITS.jobEvents events (batches, expected transient-error retries, stops)', () => {
    expect(refusal({ name: 'n', faults: { transientErrorProbability: 1 }, exporter: { exportErrorRetries: 10_000_000, exportErrorWaitSeconds: 0 } }).message).toMatch(
      /^s\.yaml: exporter\.exportErrorRetries: a job would record about 10000050 events \(50 batches, 10000000 expected transient-error retries, 0 stops\); allowed: at most 10000000 events/,
    );
    const often = { name: 'n', source: { documents: 1_000_000 }, exporter: { batchSize: 1, exportErrorRetries: 1000, ioErrorRetries: 1000, exportErrorWaitSeconds: 0, ioErrorWaitSeconds: 0 } };
    expect(refusal({ ...often, faults: { transientErrorProbability: 0.9 } }).message).toMatch(/faults\.transientErrorProbability: a job would record about 19000000 events \(1000000 batches, 18000000 expected/);
    expect(parseScenario({ ...often, faults: { transientErrorProbability: 0.5 } }).faults.transientErrorProbability).toBe(0.5);
  });
});
