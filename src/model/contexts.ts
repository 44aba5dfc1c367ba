import type { Capability, JobParams, ManagerParams, Scenario } from '../scenario/types.js';
import type { DetailValue, JobDetails, PauseContext, ResumeContext, RipRead, Strategy } from '../strategies/strategy.js';
import type { SourceChanges } from './changes.js';
import { missingCapability, tableGoneMessage, type ExportRequest, type ExportResult, type Iapi } from './exporter.js';
import type { DataSource } from './source.js';

/**
 * What a strategy may read when the job pauses and resumes: what RIP reads today (IAPI's
 * DocumentsExported, its own JobDetails, the job's settings), plus exactly the IAPI capabilities
 * in its `needs` and the RIP reads in its `reads`. Anything else it asks for is a programming
 * error (UndeclaredRead), so a strategy cannot lean on a fact it did not name.
 */

/** A strategy asked for something it did not declare in `needs` or `reads`. */
export class UndeclaredRead extends Error {}

/** A capability the strategy declared but the scenario turns off: the job fails with IAPI's missing feature. */
export class CapabilityOff extends Error {}

/** The kept temp table a resume reads from no longer exists (RIP falls back or fails: assumption tempTableGone). */
export class TempTableGone extends Error {}

function need(strategy: Strategy, capability: Capability, what: string, iapi: Scenario['iapi']): void {
  if (!strategy.needs.includes(capability)) {
    throw new UndeclaredRead(`strategy '${strategy.id}' called ${what} without declaring IAPI capability '${capability}' in its needs`);
  }
  if (!iapi[capability]) throw new CapabilityOff(missingCapability(capability, `strategy '${strategy.id}'`));
}

function read(strategy: Strategy, r: RipRead, what: string): void {
  if (!strategy.reads.includes(r)) throw new UndeclaredRead(`strategy '${strategy.id}' called ${what} without declaring '${r}' in its reads`);
}

export interface PauseFacts {
  at: number;
  result: ExportResult;
  request: ExportRequest;
  previous: JobDetails | null;
  memo: Readonly<Record<string, DetailValue>>;
}

export function pauseContext(strategy: Strategy, iapi: Scenario['iapi'], f: PauseFacts): PauseContext {
  const table = f.result.table!;
  return {
    at: f.at,
    documentsExported: f.result.documentsExported,
    request: f.request,
    previous: f.previous,
    memo: f.memo,
    keptTempTable: () => {
      need(strategy, 'keepTempTable', 'keptTempTable()', iapi);
      return { id: table.id, rowCount: table.rowCount };
    },
    durablePosition: () => {
      need(strategy, 'reportDurablePosition', 'durablePosition()', iapi);
      return f.result.durablePosition;
    },
    remainingIds: () => {
      need(strategy, 'reportRemainingIds', 'remainingIds()', iapi);
      // A view of the table (read-only): the job keeps the table's memory while JobDetails hold it.
      return table.records.subarray(f.result.durablePosition);
    },
  };
}

/** The world a resume reads, and where it charges the time RIP's own reads take. */
export interface ResumeWorld {
  at: number;
  details: JobDetails | null;
  afterKill: boolean;
  job: JobParams;
  manager: ManagerParams;
  iapi: Iapi;
  capabilities: Scenario['iapi'];
  source: DataSource;
  changes: SourceChanges;
  fresh(): ExportRequest;
  /** Seconds RIP spent reading the load file, and querying the source, for this resume. */
  charge(kind: 'loadFile' | 'query', seconds: number): void;
  remember(memo: Record<string, DetailValue>): void;
}

export function resumeContext(strategy: Strategy, w: ResumeWorld): ResumeContext {
  const rowSeconds = w.job.loadFileRowBytes / w.job.loadFileReadBytesPerSecond;
  return {
    at: w.at,
    details: w.details,
    afterKill: w.afterKill,
    job: w.job,
    fresh: w.fresh,
    remember: w.remember,
    loadFileRows: (folder) => {
      read(strategy, 'loadFileRows', 'loadFileRows()');
      const rows = w.iapi.folders.get(folder)?.rows ?? 0;
      // Counting complete rows means reading the whole .dat from the file share.
      w.charge('loadFile', rows * rowSeconds);
      return rows;
    },
    lastRowKey: (folder) => {
      read(strategy, 'lastRowKey', 'lastRowKey()');
      const f = w.iapi.folders.get(folder);
      const last = f === undefined ? -1 : f.lastRow();
      // The last row is found by reading the file's tail.
      w.charge('loadFile', rowSeconds);
      return last < 0 ? null : w.iapi.history.keyAtEnd(last);
    },
    queryAfterKey: (key) => {
      read(strategy, 'queryAfterKey', 'queryAfterKey()');
      // An ObjectManager query over the data source, taken as long as ExportManager's TotalCount query.
      w.charge('query', w.manager.totalCountSeconds);
      w.changes.advanceTo(w.at);
      return key === null ? w.source.snapshot() : w.source.liveAfterKey(key);
    },
    readTempTable: (id, from) => {
      need(strategy, 'keepTempTable', 'readTempTable()', w.capabilities);
      const table = w.iapi.table(id);
      if (table === undefined || !table.existsAt(w.at)) throw new TempTableGone(tableGoneMessage(id, table));
      return table.records.subarray(from);
    },
  };
}
