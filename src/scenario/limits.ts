import { MAX_DURATION_SECONDS } from './duration.js';

/**
 * Every bound of a scenario, stated once. The schema checks the per-field bounds and the
 * combined ones (`scale.ts`) when a file is loaded, before the simulator allocates anything from
 * these numbers; the model checks the last ones (and `records` again, for churn) as a job runs.
 * docs/scenario-reference.md lists them all (`describe.ts`).
 */
export const LIMITS = {
  nameChars: 200,
  descriptionChars: 4000,
  seed: 2 ** 31 - 1,
  runs: 100_000,
  documents: 50_000_000,
  batchSize: 1_000_000,
  count: 10_000_000,
  /** Positions in the live source; it can grow past `documents` through inserts. */
  position: 2 ** 31 - 1,
  startAtRecord: 2 ** 31 - 1,
  stops: 10_000,
  events: 100_000,
  bytes: 1e13,
  bytesPerSecond: 1e12,
  docsPerSecond: 1e9,
  /** Plain-number time fields (the `...Seconds` keys) share the duration bound. */
  seconds: MAX_DURATION_SECONDS,
  churnPerHour: 10_000_000,
  sigma: 10,
  pagesPerDoc: 100_000,
  minPollSeconds: 0.001,
  maxPollSeconds: 3600,
  errorBurst: 1000,
  stallFactor: 1e6,

  // Combined bounds (scale.ts): what one job of the scenario can reach.
  /** Records of the source: `source.documents` plus every insert event's count (and, as a job runs, churn inserts and entries). */
  records: 50_000_000,
  /** Rows one job can write: export runs (the first, one per stop, one for the secondStop fault) × records. */
  rowsPerJob: 100_000_000,
  /** Batches one job can run: export runs × records / `exporter.batchSize`. */
  batchesPerJob: 5_000_000,
  /** Scripted insert, delete, exit, edit and move events × records: each such event scans the export order. */
  eventScans: 1_000_000_000,
  /** Image pages of the source (`records × files.pagesPerDoc`): each is a line of the Opticon file. */
  imagePages: 100_000_000,

  // A sweep file: its variants together.
  sweepParameters: 2,
  sweepVariants: 400,
  /** Runs of all variants together (each variant's `runs`). */
  sweepRuns: 100_000,
  /** Stops and events of all variants together (each variant copies the file's). */
  sweepItems: 100_000,

  /** Runs of a suite (scenario × seed × strategy): each is a line of results.jsonl and held in memory for the report. */
  suiteRuns: 1_000_000,

  // Checked before a job runs from its nominal job (scale.ts estimateJob), and again as it runs:
  // they grow with simulated time and with draws of the seed.
  /** Changes the churn rate processes make in one job (rates × simulated time). */
  churnChanges: 50_000_000,
  /** Events one job records in its history (batches, transient-error retries, stops). */
  jobEvents: 10_000_000,
} as const;
