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
