import { estimateJob } from './scale.js';
import type { Scenario } from './types.js';

/**
 * What a run takes in memory at its peak, estimated from its scenarios before it starts, so a run
 * that cannot fit is refused with one line rather than killed by the kernel without a word.
 *
 * The figures were measured (peak RSS, `/usr/bin/time -f %M`, this project's 2-core machine):
 * `run` on 4 to 4,000,000 documents with one stop took 145 MB + about 175 bytes a record (the
 * source's typed arrays, the row history, a baseline run, the garbage collector's slack); 1M
 * documents with 8.6 h of churn (1M changes an hour) 1.47 GB, which records grown by churn inserts
 * account for; 2M batches of one document 1.54 GB, about 500 bytes an event of the job's history
 * (JS objects); a suite with 2 worker threads on 1M-document scenarios 600 MB, 50 MB a thread
 * besides its job; a result held for the report takes about 700 bytes (JSON.parse, heap).
 */
export const MEMORY_COSTS = {
  processBytes: 150 * 2 ** 20,
  workerBytes: 50 * 2 ** 20,
  recordBytes: 175,
  eventBytes: 500,
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

/** The largest job of the scenarios: its bytes (typed arrays and heap) and its heap bytes alone. */
function largestJob(scenarios: readonly Scenario[]): { bytes: number; heapBytes: number; records: number; events: number } {
  let worst = { bytes: 0, heapBytes: 0, records: 0, events: 0 };
  for (const sc of scenarios) {
    const e = estimateJob(sc);
    const records = e.records + e.churnRecords;
    const heapBytes = e.events * MEMORY_COSTS.eventBytes;
    const bytes = records * MEMORY_COSTS.recordBytes + heapBytes;
    if (bytes > worst.bytes) worst = { bytes, heapBytes, records, events: e.events };
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
    heapBytes: Math.max(job.heapBytes + (workers === 0 ? results : 0), results),
    basis: `${where}, the largest of about ${job.records} records and ${job.events} history events (${mib(job.bytes)}), ${mib(results)} of results`,
  };
}

export { mib };
