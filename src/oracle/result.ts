import type { Assumptions } from '../scenario/assumptions.js';

/**
 * What one simulated job measures: the contract of `run --json` (one object per seed and
 * strategy) and of each line of a suite's results.jsonl. Field names are fixed by the issue.
 */

export type StopOutcome =
  /** The job paused and its state was persisted. */
  | 'paused'
  /** The job ended (completed) before it could pause; the agent could go down after that. */
  | 'completed'
  /** The platform killed the agent at the budget. */
  | 'killed'
  /** RIP aborted the worker thread at its DrainStopTimeoutSeconds (no RestoreState, JobDetails unchanged). */
  | 'aborted'
  /** The job failed while stopping. */
  | 'failed'
  /** The request came while the job was not running (paused, queued, or already ended). */
  | 'not-running';

export interface StopMetrics {
  /** Simulated time of the drain-stop request. */
  signalAt: number;
  /** Request to paused state persisted (or to completion / kill). Null when not running. */
  latencySeconds: number | null;
  withinBudget: boolean;
  hardKilled: boolean;
  outcome: StopOutcome;
  /** When JobStopManager's poll saw the request (null when the job ignores drain-stop or was not running). */
  detectedAt: number | null;
  /** When the job was picked up again (null if it never was). */
  resumedAt: number | null;
  /** What was running when the request came: manager, temp-table, batch, retry-wait, ... */
  phaseAtSignal: string;
}

export interface RunMetrics {
  // Correctness of the final load file against S0 and the live source.
  /** Extra rows: rows of records written more than once. */
  duplicates: number;
  /** In S0, still in the query at the end, never in the final file. */
  misses: number;
  /** In S0, deleted or out of the query at the end, never in the final file. */
  missesGone: number;
  /** Records in the final file that are not in S0. */
  phantoms: number;
  /** S0 records whose exported version differs from their S0 version. */
  stale: number;
  /** Records that entered the query after S0, are in it at the end, and are not in the file (the record's DOC1.1). */
  missedNewcomers: number;
  // Counts the oracle checks add up.
  rows: number;
  uniqueRows: number;
  s0: number;
  exportedFromS0: number;
  // Cost.
  /** Documents exported more than once across all runs (rows later truncated or wiped included). */
  reexportedDocs: number;
  /** Every export of a document beyond its first, across all runs. */
  extraExports: number;
  /**
   * Agent seconds spent on work a stop-free run does not do: documents exported again (their
   * transfer time plus their share of the batch steps), temp tables built again, and RIP's reads
   * to resume (load file, data-source queries). Never negative; null for a failed run (a failure
   * is a constraint, never a cheap run).
   */
  rerunSeconds: number | null;
  /** Time the agent spent working on the job (manager, temp tables, batches, retries, stopping). */
  busySeconds: number;
  /** Simulated time the job completed; null if it failed. */
  completionSeconds: number | null;
  /** IAPI export runs started (1 without stops). */
  exportRuns: number;
  stops: StopMetrics[];
  /** Largest JobDetails written, in bytes. */
  jobDetailsMaxBytes: number;
  /** Temp tables left behind on the server at the end. */
  tempTablesLeft: number;
  /** Seconds temp tables were held for a later resume (the cost of a kept snapshot). */
  tempTableRetainedSeconds: number;
  /** Held seconds × rows of each kept temp table, summed: the size-weighted cost of kept snapshots. */
  tempTableRowSeconds: number;
  /** Times RIP fell back to option 1 because the kept temp table was gone (assumption tempTableGone: restart). */
  fallbacks: number;
  /** Files (natives and image pages) in the job's destination folders that the final load file does not reference. */
  orphanFiles: number;
  /** Agent seconds RIP spent reading load files to resume (part of rerunSeconds). */
  loadFileReadSeconds: number;
  /** Other jobs' files removed by an overwrite cleanup of a shared destination. */
  collateralDeletes: number;
  /** Times the ItemsTransferred shown in JobHistory went down. */
  statsRegressions: number;
  /** ItemsTransferred shown at the end (can exceed the rows: DocumentsExported counts truncated batches). */
  itemsTransferred: number;
  /** FNV-1a of the whole event history: the same scenario and seed must give the same value. */
  fingerprint: string;
  /** Null, or the job's error message. */
  failed: string | null;
  /** Named faults this run had (swarm testing; the same for every strategy of a seed). */
  faults: string[];
}

export interface RunResult extends RunMetrics {
  scenario: string;
  seed: number;
  strategy: string;
  /** The value of every assumption the run used (scenario `assumptions:`, defaults filled in). */
  assumptions: Assumptions;
}
