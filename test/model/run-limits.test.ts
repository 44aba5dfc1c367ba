import { describe, expect, it } from 'vitest';
import { SourceChanges } from '../../src/model/changes.js';
import { stream } from '../../src/model/random.js';
import { DataSource } from '../../src/model/source.js';
import { Trace } from '../../src/model/trace.js';
import { LIMITS } from '../../src/scenario/limits.js';
import { defaultScenario } from '../../src/scenario/defaults.js';
import { inputErrorOf } from '../helpers.js';

const cost = { docsPerSecond: 50, files: { meanBytes: 0, sigma: 1, bytesPerSecond: 1e8, largeShare: 0, largeBytes: 0, pagesPerDoc: 1 }, sizeKey: 7 };

// The bounds that grow with simulated time, checked as a job runs (the scenario's load-time
// bounds cannot know how long a job takes): each ends the run with one InputError.
describe('bounds checked as a job runs', () => {
  it('the churn makes at most LIMITS.churnChanges changes in a job', () => {
    const churn = { ...defaultScenario().churn, deletesPerHour: 3600, insertsPerHour: 3600 };
    const changes = new SourceChanges(DataSource.create(100, 'artifact-id', cost), churn, [], stream(1, 'churn'), 1000);
    changes.advanceTo(400); // about 800 changes
    const error = inputErrorOf(() => changes.advanceTo(10 * 365 * 86_400));
    expect(error.message).toMatch(/^churn: more than 1000 churn changes by simulated time \d+ s; allowed: churn rates × the job's simulated time \(pauses included\) at most 1000 changes in a job$/);
    expect(new SourceChanges(DataSource.create(1, 'artifact-id', cost), churn, [], stream(1, 'churn'))).toMatchObject({ maxChurnChanges: LIMITS.churnChanges });
  });

  it('the source grows to at most LIMITS.records records, and never allocates beyond them', () => {
    const source = DataSource.create(10, 'sort-key', cost, 12);
    source.insertAt(3, 2);
    expect(source.size).toBe(12);
    expect(source.key.length).toBeLessThanOrEqual(16);
    expect(inputErrorOf(() => source.insertAt(0, 1)).message).toBe(
      'churn: the data source would grow past 12 records (documents, insert and enter events, churn inserts and entries); allowed: at most 12 records in the source: fewer churn inserts or entries per hour, or shorter pauses',
    );
    const grown = DataSource.create(20, 'artifact-id', cost, 23);
    for (let i = 0; i < 3; i++) grown.insertRandom(0.5);
    expect(grown.key.length).toBe(23);
    expect(grown.clone().maxRecords).toBe(23);
    expect(DataSource.create(1, 'artifact-id', cost).maxRecords).toBe(LIMITS.records);
  });

  it('a job records at most LIMITS.jobEvents events', () => {
    const trace = new Trace(3);
    for (let i = 0; i < 3; i++) trace.emit(i, 'retry', 0);
    expect(inputErrorOf(() => trace.emit(3, 'retry', 0)).message).toMatch(/^the simulated job recorded more than 3 events \(batches, transient-error retries, stops\) by simulated time 3 s; allowed: at most 3 events in a job: /);
    expect(trace.events).toHaveLength(3);
  });
});
