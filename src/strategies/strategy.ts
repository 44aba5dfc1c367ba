import type { ExportRequest } from '../model/exporter.js';
import type { Capability, IapiCapabilities, JobParams } from '../scenario/types.js';

/** A value RIP can keep in JobDetails' BatchParameters. */
export type DetailValue = string | number | boolean | null;

/** What a strategy stores in the queue row's JobDetails when the job pauses. */
export interface BatchParameters {
  params: Record<string, DetailValue>;
  /** A list of artifact IDs kept in JobDetails (sized as JSON, never built as a string in the hot path). */
  ids?: Int32Array;
}

/** JobDetails as written: `{"BatchInstance": "<guid>", "BatchParameters": {...}}`. */
export interface JobDetails extends BatchParameters {
  batchInstance: string;
  /** JobHistory ItemsTransferred when the job paused (RIP resumes its statistics from it). */
  itemsTransferred: number;
  bytes: number;
}

/** What RIP knows when the IAPI export returned after a drain-stop cancellation. */
export interface PauseContext {
  at: number;
  /** IAPI's DocumentsExported of the run that stopped: all RIP can read today. */
  documentsExported: number;
  /** The request the stopped run was started with. */
  request: ExportRequest;
  /** JobDetails the stopped run was resumed from (null for the first run). */
  previous: JobDetails | null;
  /** keepTempTable: the kept table's id and the table position up to which rows are in the load file. */
  keptTempTable(): { id: number; durablePosition: number; rowCount: number };
  /** exportByArtifactIds: the artifact IDs of the stopped run not yet durably in the load file. */
  remainingIds(): Int32Array;
}

/** What RIP knows when it picks the queue row up again. */
export interface ResumeContext {
  at: number;
  /** JobDetails of the last pause (null: none was written, e.g. killed before any pause). */
  details: JobDetails | null;
  /** The previous run was killed by the platform rather than paused. */
  afterKill: boolean;
  job: JobParams;
  /** The request RIP makes today for a fresh run of the job (its own Overwrite setting, StartExportAtRecord). */
  fresh(): ExportRequest;
  /** RIP reads the export-order key written in the last row of a load file (null if absent or empty). */
  lastRowKey(folder: string): number | null;
  /** RIP queries the data source (ObjectManager) for its records after a key, in export order. */
  queryAfterKey(key: number | null): Int32Array;
  /** keepTempTable: read a kept temp table's artifact IDs from a position. */
  readTempTable(id: number, from: number): Int32Array;
}

/**
 * A resume strategy: what RIP does when a drain-stop cancels the export and when the job is
 * picked up again. Adding one is one file plus one registry line.
 */
export interface Strategy {
  readonly id: string;
  readonly title: string;
  /** Where it comes from in the design record ("1", "2.1", ... or "beyond the record"). */
  readonly option: string;
  /** One sentence on how it resumes. */
  readonly summary: string;
  /** IAPI capabilities it relies on (checked at the first drain-stop). */
  readonly needs: readonly Capability[];
  /** Does the worker cancel IAPI on a drain-stop? (Today's export does not.) */
  readonly drainStop: boolean;
  /** Ask IAPI to keep its temp table when cancelled. */
  readonly keepTempTable: boolean;
  /** JobDetails' BatchParameters to persist at a pause. */
  pause(ctx: PauseContext): BatchParameters;
  /** The IAPI request for the resumed run. */
  resume(ctx: ResumeContext): ExportRequest;
}

/** JobDetails' BatchParameters key holding the destination folder of the paused run. */
export const FOLDER = 'DestinationFolder';

/** The folder a paused run wrote to, else the fresh run's. */
export function folderOf(ctx: ResumeContext): string {
  const f = ctx.details?.params[FOLDER];
  return typeof f === 'string' ? f : ctx.fresh().folder;
}

/**
 * Option 1's resume: export everything again into the same folder with Overwrite on, so IAPI
 * cleans it first. What a strategy does when it has nothing to resume from: a job killed before
 * its first pause left no JobDetails, only a partial load file (which a plain rerun with the
 * job's Overwrite off would fail on).
 */
export function startOver(ctx: ResumeContext): ExportRequest {
  return { ...ctx.fresh(), folder: folderOf(ctx), overwrite: true, append: false };
}

/** The IAPI capabilities a strategy needs that a scenario turns off (empty: it can run there). */
export function missingCapabilities(strategy: Pick<Strategy, 'needs'>, iapi: IapiCapabilities): Capability[] {
  return strategy.needs.filter((c) => !iapi[c]);
}
