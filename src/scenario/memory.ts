import { estimateJob } from './scale.js';
import type { Scenario } from './types.js';

/**
 * What a run takes in memory at its peak, estimated from its scenarios before it starts, so a run
 * that cannot fit is refused with one line rather than killed by the kernel without a word.
 *
 * The figures were measured (peak RSS, `/usr/bin/time -f %M`, this project's 2-core machine) with
 * the model's arena (issue 16): `run` (all ten strategies, the bundle) on 10,000 to 10,000,000
 * documents with one stop took 74 MB + 53 bytes a record (the source's columns, the row history,
 * the temp tables' and ID lists' slabs, the oracle's counts: typed arrays sized once per scenario);
 * 1M documents with 8.6 h of churn (1M changes an hour, 9M records inserted) 1.29 GB, 121 bytes a
 * record churn added (columns grown past the scenario's estimate by doubling: old and new are held
 * while one is copied); 2M batches of one document 406 MB, about 115 bytes an event of the job's
 * history (typed columns, grown by doubling). The history is no longer JavaScript objects: 2M
 * events ran within a 150 MiB heap. A suite with 2 worker threads on 1M-document scenarios took
 * 50 MB a thread besides its job; a result held for the report takes about 700 bytes (JSON.parse,
 * heap). Each figure is rounded up: the check refuses what cannot fit, at the price of refusing a
 * run a little before it would not.
 */
export const MEMORY_COSTS = {
  processBytes: 150 * 2 ** 20,
  workerBytes: 50 * 2 ** 20,
  recordBytes: 56,
  churnRecordBytes: 128,
  eventBytes: 128,
  resultBytes: 1024,
  stopResultBytes: 200,
} as const;

export interface MemoryEstimate {
  /** Resident memory of the whole process at its peak. */
  bytes: number;
  /** Of it, JavaScript objects in one thread's heap (V8 has its own limit for them). */
  heapBytes: number;
  /** What it rests on, in words. */
  basis: string;
}

/** The largest job of the scenarios: its bytes (typed arrays, outside the JavaScript heap). */
function largestJob(scenarios: readonly Scenario[]): { bytes: number; records: number; events: number } {
  let worst = { bytes: 0, records: 0, events: 0 };
  for (const sc of scenarios) {
    const e = estimateJob(sc);
    const bytes = e.records * MEMORY_COSTS.recordBytes + e.churnRecords * MEMORY_COSTS.churnRecordBytes + e.events * MEMORY_COSTS.eventBytes;
    if (bytes > worst.bytes) worst = { bytes, records: Math.round(e.records + e.churnRecords), events: e.events };
  }
  return worst;
}

/** The results a run holds for its table or report: every (seed, strategy) of every scenario. */
function resultBytes(scenarios: readonly Scenario[], strategies: number): number {
  return scenarios.reduce((n, sc) => n + sc.runs * strategies * (MEMORY_COSTS.resultBytes + sc.stops.length * MEMORY_COSTS.stopResultBytes), 0);
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/**
 * A run's peak: its jobs one at a time (`run`, workers 0) or one per worker thread at a time
 * (`suite`), and the results it holds.
 */
export function estimateMemory(scenarios: readonly Scenario[], strategies: number, workers: number): MemoryEstimate {
  const job = largestJob(scenarios);
  const results = resultBytes(scenarios, strategies);
  const units = scenarios.reduce((n, sc) => n + sc.runs, 0);
  const threads = workers === 0 ? 1 : Math.min(workers, units);
  const perThread = (workers === 0 ? 0 : MEMORY_COSTS.workerBytes) + job.bytes;
  const where = workers === 0 ? 'one job at a time' : `${threads} worker thread${threads === 1 ? '' : 's'}, a job each`;
  return {
    bytes: MEMORY_COSTS.processBytes + threads * perThread + results,
    heapBytes: results,
    basis: `${where}, the largest of about ${job.records} records and ${job.events} history events (${mib(job.bytes)}), ${mib(results)} of results`,
  };
}

export { mib };
