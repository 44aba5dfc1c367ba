import { describe, expect, it } from 'vitest';
import { recordView } from '../../src/oracle/classify.js';
import { SeedRun } from '../../src/simulate.js';
import { strategyById } from '../../src/strategies/registry.js';
import { scenario } from '../helpers.js';

/**
 * The design record's worked example for option 2.1: run 1 exports DOC1 and DOC2 of four; while
 * paused DOC1.1 is inserted between DOC1 and DOC2; shifting the start index by 2 "endup with
 * DOC1.1 unexported and DOC2 exported twice".
 */
const example = scenario({
  name: 'design-record-example',
  source: { documents: 4, order: 'sort-key' },
  // One document a batch, 1 s each, 0.1 s to save: batch 2 (DOC2) is saved at 2.2 s.
  exporter: { batchSize: 1, docsPerSecond: 1, prepareSeconds: 0, validateSeconds: 0, saveStateSeconds: 0.1, truncateSeconds: 0, tempTableBaseSeconds: 0, tempTableSecondsPerMillion: 0 },
  manager: { totalCountSeconds: 0 },
  job: { pollSeconds: 0.05, jobDetailsWriteSeconds: 0, jobDetailsBytesPerSecond: 1e12 },
  stops: [{ at: 2.15, downtime: 60 }],
  events: [{ at: 10, kind: 'insert', position: 1, count: 1 }],
});
const [DOC1, DOC2, DOC3, DOC4, DOC1_1] = [0, 1, 2, 3, 4];

describe('design record, option 2.1 worked example', () => {
  const world = new SeedRun(example, 1);

  it('index shift writes DOC2 twice and never exports DOC1.1', () => {
    const job = world.job(strategyById('index-shift'));
    const v = recordView(job);
    expect(job.jobDetails[0].params.StartAtDocumentNumber).toBe(2);
    expect(v.rowsOf[DOC1]).toBe(1);
    expect(v.rowsOf[DOC2]).toBe(2);
    expect(v.rowsOf[DOC3]).toBe(1);
    expect(v.rowsOf[DOC4]).toBe(1);
    expect(v.rowsOf[DOC1_1]).toBe(0);
    const r = world.run(strategyById('index-shift'));
    expect(r.duplicates).toBe(1);
    expect(r.missedNewcomers).toBe(1);
    expect(r.misses).toBe(0);
  });

  it('a stop between DOC2\'s download and its save: the truncation hides the duplicate', () => {
    // DocumentsExported says 2 but RestoreState cut DOC2's row: the shift by 2 now lands on DOC2 again.
    const early = scenario({ ...example, stops: [{ at: 2.05, downtime: 60 }] });
    const job = new SeedRun(early, 1).job(strategyById('index-shift'));
    expect(job.jobDetails[0].params.StartAtDocumentNumber).toBe(2);
    expect(Array.from(recordView(job).rowsOf)).toEqual([1, 1, 1, 1, 0]);
  });

  it('the frozen temp table resumes exactly at DOC3 (2.3)', () => {
    const r = world.run(strategyById('temp-table'));
    expect(r.duplicates).toBe(0);
    expect(r.misses).toBe(0);
    expect(r.rows).toBe(4);
  });

  it('restarting exports the source as it is at resume, DOC1.1 included (option 1)', () => {
    const job = world.job(strategyById('restart'));
    const v = recordView(job);
    expect(Array.from(v.rowsOf)).toEqual([1, 1, 1, 1, 1]);
    expect(world.run(strategyById('restart')).reexportedDocs).toBe(2);
  });
});
