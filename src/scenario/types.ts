import type { Assumptions } from './assumptions.js';

/**
 * A fully resolved scenario: every field present, defaults applied, durations in seconds.
 * The YAML contract (see README "Scenario files") maps onto this one to one; `schema.ts`
 * validates and fills the defaults. Every figure from DOMAIN.md is a default here, never a
 * constant hidden in the model.
 */

/** Export order of the data source. */
export type OrderKind =
  /** By artifact ID; new documents get higher IDs and land at the end. */
  | 'artifact-id'
  /** By a sort-key field (e.g. control number or date) that edits can change. */
  | 'sort-key'
  /** Production: by Bates number, fixed once produced. */
  | 'bates';

export type SourceKind = 'saved-search' | 'production' | 'folder';

/**
 * IAPI capabilities that do not exist today (design record option 2), each one thing IAPI would
 * have to build. A strategy names the ones it needs; it is handed nothing else.
 */
export interface IapiCapabilities {
  /** Resume into an existing load file (append rows) instead of failing or overwriting. */
  append: boolean;
  /** Keep the frozen temp table on a stop and expose its id (and row count); export from it again, skipping a given number of rows. */
  keepTempTable: boolean;
  /** Export a given list of artifact IDs instead of the data source query. */
  exportByArtifactIds: boolean;
  /** After a stop, report the position in the stopped run's table up to which its batches were saved (what RestoreState kept). */
  reportDurablePosition: boolean;
  /** After a stop, report the artifact IDs of the stopped run not yet in the load file. */
  reportRemainingIds: boolean;
}

export type Capability = keyof IapiCapabilities;

export interface SourceParams {
  kind: SourceKind;
  /** Documents in the query when the job starts. */
  documents: number;
  order: OrderKind;
}

export interface FileParams {
  /** Mean bytes of a document's files (natives, images, text); lognormal. 0 = time from docsPerSecond only. */
  meanBytes: number;
  /** Lognormal shape (sigma of the underlying normal). */
  sigma: number;
  /** File-share transfer rate. */
  bytesPerSecond: number;
  /** Share of documents that carry one very large native. */
  largeShare: number;
  /** Size of such a large native. */
  largeBytes: number;
  /** Image pages per document (for the Opticon file). */
  pagesPerDoc: number;
}

export interface ExporterParams {
  /** IAPI ExportBatchSize. */
  batchSize: number;
  /** Per-document overhead rate: a document costs 1/docsPerSecond + bytes/bytesPerSecond seconds. */
  docsPerSecond: number;
  /** Fixed time of a batch's prepare step (query of the batch's fields). */
  prepareSeconds: number;
  /** Fixed time of a batch's validate step. */
  validateSeconds: number;
  /** Fixed time of a batch's save-state step (rows flushed, batch marked complete). */
  saveStateSeconds: number;
  /** Relative jitter (lognormal sigma) of the fixed step times; 0 = exact. */
  jitter: number;
  /** Time IAPI's RestoreState takes to truncate the load files on cancel. */
  truncateSeconds: number;
  /** Temp-table build (freeze) time: base + perMillion * documents / 1e6. Not cancellable. */
  tempTableBaseSeconds: number;
  tempTableSecondsPerMillion: number;
  /** ExportErrorNumberOfRetries / ExportErrorWaitTimeInSeconds (prepare step). */
  exportErrorRetries: number;
  exportErrorWaitSeconds: number;
  /** IOErrorNumberOfRetries / IOErrorWaitTimeInSeconds (download step). */
  ioErrorRetries: number;
  ioErrorWaitSeconds: number;
}

export interface ManagerParams {
  /** ExportManager's TotalCount statistics query; not stoppable (drain-stop is not applied to it). */
  totalCountSeconds: number;
}

export interface JobParams {
  /** The job's Overwrite files setting. */
  overwrite: boolean;
  /** StartExportAtRecord from the UI, 1-based (IAPI gets StartAtDocumentNumber = this - 1, then +1). */
  startAtRecord: number;
  /** JobStopManager poll period. */
  pollSeconds: number;
  /** The platform kills an agent that has not stopped this long after the drain-stop request. */
  killAfterSeconds: number;
  /**
   * RIP's instance setting DrainStopTimeoutSeconds (3 minutes in the sync flow): this long after
   * the drain-stop is seen, RIP aborts the worker thread of a job that has not paused. Null: off,
   * as in today's export flow, which does not use it.
   */
  drainStopTimeoutSeconds: number | null;
  /** Fixed time to write JobDetails and set the queue row to DrainStopped. */
  jobDetailsWriteSeconds: number;
  /** Rate at which JobDetails bytes are written (a large ID list costs stop time). */
  jobDetailsBytesPerSecond: number;
  /** Largest JobDetails the queue row accepts (nvarchar(max) holds 2^30 characters). */
  jobDetailsLimitBytes: number;
  /** Destination folder name depends on the job's start time (a fresh run goes to a new folder). */
  destinationFromStartTime: boolean;
  /** Files of other jobs in the same destination folder (removed by an overwrite cleanup). */
  sharedFolderFiles: number;
  /** JobHistory ItemsTransferred is shown in steps of this many documents. */
  statsStep: number;
  /** How long a kept temp table (or data-source snapshot) survives before it is dropped. */
  tempTableRetentionSeconds: number;
  /** Bytes of one row of the .dat load file (what RIP reads when it counts rows or reads the last row). */
  loadFileRowBytes: number;
  /** Rate at which RIP reads the load file from the file share. */
  loadFileReadBytesPerSecond: number;
}

/** Rate processes that change the live data source (events per hour of simulated time). */
export interface ChurnParams {
  /** New documents added to the query (placed by their key: at the end for artifact-id and Bates order). */
  insertsPerHour: number;
  /** Documents deleted. */
  deletesPerHour: number;
  /** Existing documents that start to match the query (land anywhere in the order). */
  entriesPerHour: number;
  /** Documents that stop matching the query (still exist). */
  exitsPerHour: number;
  /** Edits of the sort-key field (move a record in sort-key order; no effect on other orders). */
  sortKeyEditsPerHour: number;
  /** Content edits (new version of the record). */
  contentEditsPerHour: number;
}

/**
 * Named faults for swarm testing: each is switched on per run (per seed, the same for every
 * strategy) with its probability, or forced on or off by the scenario.
 */
export const FAULT_NAMES = [
  /** A burst of transient IAPI errors at each stop request (IAPI's retry waits hold the stop). */
  'transientErrors',
  /** The file share runs stallFactor times slower for stallSeconds around the first stop. */
  'stalledShare',
  /** The platform kills the agent while it writes JobDetails at the first pause (the old JobDetails stay). */
  'killDuringJobDetailsWrite',
  /** The kill lands after the batch in flight wrote its rows, before RestoreState and JobDetails. */
  'killBeforeJobDetails',
  /** A kept temp table is dropped (maintenance) during the first pause. */
  'tempTableDropped',
  /** The first resume is done by an agent of the old version: it ignores JobDetails and drain-stop. */
  'oldVersionAgent',
  /** Another drain-stop request comes soon after the first resume. */
  'secondStop',
  /** The first stop request lands during the TotalCount query or the first temp-table build. */
  'stopDuringBuild',
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultParams {
  /** Probability that a batch step attempt (prepare or download) hits a transient error. */
  transientErrorProbability: number;
  /** Probability that each named fault is on in a run. */
  swarm: Record<FaultName, number>;
  /** Force a named fault on (true) or off (false) in every run. */
  force: Partial<Record<FaultName, boolean>>;
  /** transientErrors: a burst has 1 to this many errors. */
  errorBurst: number;
  /** stalledShare: slowdown factor and length. */
  stallFactor: number;
  stallSeconds: number;
  /** secondStop: the request comes within this many seconds of the first resume, with this downtime. */
  secondStopWithinSeconds: number;
  secondStopDowntimeSeconds: number;
}

export interface StopRequest {
  /** Simulated time of the drain-stop request (seconds from job start). */
  at: number;
  /** Pause length: from paused (or killed) to picked up again. */
  downtime: number;
}

export interface PositionRange {
  /** 0-based position in the live source's current export order (records in the query). */
  position: number;
  count: number;
}

export type ScriptedEvent =
  /** New documents, placed at `position` of the export order. */
  | { at: number; kind: 'insert'; position: number; count: number }
  /** Existing documents that start to match the query, landing at `position`. */
  | { at: number; kind: 'enter'; position: number; count: number }
  | { at: number; kind: 'delete'; position: number; count: number }
  | { at: number; kind: 'exit'; position: number; count: number }
  | { at: number; kind: 'edit'; position: number; count: number }
  /** Sort-key edit: the records move to position `to` (counted after they are taken out). */
  | { at: number; kind: 'move'; position: number; count: number; to: number }
  /** The next `count` batch step attempts at or after `at` hit a transient error. */
  | { at: number; kind: 'errors'; count: number };

export interface Scenario {
  name: string;
  /** The scenario file's own name: variants of a sweep share it. */
  family: string;
  /** The swept parameters of this variant (empty when the file has no sweep). */
  sweep: { parameter: string; value: number | string | boolean }[];
  /** What question the scenario answers (free text). */
  description: string;
  /** Runs use seeds seed .. seed+runs-1. */
  seed: number;
  runs: number;
  source: SourceParams;
  files: FileParams;
  iapi: IapiCapabilities;
  exporter: ExporterParams;
  manager: ManagerParams;
  job: JobParams;
  /** Stop budget in seconds (Near Zero Downtime: 5 minutes). */
  budget: number;
  stops: StopRequest[];
  churn: ChurnParams;
  faults: FaultParams;
  /** Scripted changes, sorted by time (stable). */
  events: ScriptedEvent[];
  /** Behaviours the public facts leave open (assumptions.ts). */
  assumptions: Assumptions;
}

/** The seeds a scenario's runs use: seed .. seed+runs-1. */
export function seedsOf(sc: Scenario): number[] {
  return Array.from({ length: sc.runs }, (_, i) => sc.seed + i);
}
