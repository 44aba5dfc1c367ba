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
  /** Rows of the load file when the job paused: RIP stores the .dat/.opt lengths (assumption trimAfterKill). */
  loadFileRows: number;
  bytes: number;
}

/**
 * What RIP itself reads to pause or resume beyond DocumentsExported, its JobDetails and the job's
 * settings: work in RIP, no IAPI change, but declared (a context hands a strategy only what it
 * declared) and charged to the agent's time.
 */
export const RIP_READS = [
  /** Count the complete rows of the destination folder's .dat: RIP reads the whole file. */
  'loadFileRows',
  /** Read the export-order key in the last row of the .dat: RIP reads the file's tail. */
  'lastRowKey',
  /** Query the data source through ObjectManager for its records after a key, in export order. */
  'queryAfterKey',
] as const;

export type RipRead = (typeof RIP_READS)[number];

/** What RIP knows when the IAPI export returned after a drain-stop cancellation. */
export interface PauseContext {
  at: number;
  /** IAPI's DocumentsExported of the run that stopped: all RIP can read today (it can exceed the rows kept). */
  documentsExported: number;
  /** The request the stopped run was started with. */
  request: ExportRequest;
  /** JobDetails the stopped run was resumed from (null for the first run). */
  previous: JobDetails | null;
  /** What the strategy's resume asked RIP to remember for this run (`ResumeContext.remember`; empty for a fresh run). */
  memo: Readonly<Record<string, DetailValue>>;
  /** needs keepTempTable: the kept table's id and row count. */
  keptTempTable(): { id: number; rowCount: number };
  /** needs reportDurablePosition: the stopped run's table position up to which its batches were saved. */
  durablePosition(): number;
  /** needs reportRemainingIds: the artifact IDs of the stopped run not yet in the load file (a read-only view). */
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
  /** Keep values in memory for the run about to start; its pause sees them as `memo`. */
  remember(memo: Record<string, DetailValue>): void;
  /** reads loadFileRows: the complete rows of a folder's .dat (0 if absent). */
  loadFileRows(folder: string): number;
  /** reads lastRowKey: the export-order key written in the last row of a folder's .dat (null if absent or empty). */
  lastRowKey(folder: string): number | null;
  /** reads queryAfterKey: the data source's records after a key (all of them for null), in export order (a read-only view). */
  queryAfterKey(key: number | null): Int32Array;
  /** needs keepTempTable: a kept temp table's artifact IDs from a position (a read-only view). Throws TempTableGone when it no longer exists. */
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
  /** IAPI capabilities it relies on (checked at the first drain-stop); its contexts hand it no other. */
  readonly needs: readonly Capability[];
  /** What RIP itself reads for it (charged to the agent's time); its contexts hand it no other. */
  readonly reads: readonly RipRead[];
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

/** The folder the paused run wrote to, as its JobDetails name it (undefined: none). */
function pausedFolder(details: JobDetails | null): string | undefined {
  const f = details?.params[FOLDER];
  return typeof f === 'string' ? f : undefined;
}

/** The folder a paused run wrote to, else the fresh run's. */
export function folderOf(ctx: Pick<ResumeContext, 'fresh' | 'details'>): string {
  return pausedFolder(ctx.details) ?? ctx.fresh().folder;
}

/**
 * Option 1's resume: export everything again into the same folder with Overwrite on. What a
 * strategy does when it has nothing to resume from: a job killed before its first pause left no
 * JobDetails, only a partial load file (which a plain rerun with the job's Overwrite off would
 * fail on).
 */
export function startOver(ctx: Pick<ResumeContext, 'fresh' | 'details'>): ExportRequest {
  const fresh = ctx.fresh();
  return { ...fresh, folder: pausedFolder(ctx.details) ?? fresh.folder, overwrite: true, append: false };
}

/** The IAPI capabilities a strategy needs that a scenario turns off (empty: it can run there). */
export function missingCapabilities(strategy: Pick<Strategy, 'needs'>, iapi: IapiCapabilities): Capability[] {
  return strategy.needs.filter((c) => !iapi[c]);
}
