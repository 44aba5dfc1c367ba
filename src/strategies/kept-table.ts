import type { ExportRequest } from '../model/exporter.js';
import { folderOf, FOLDER, type BatchParameters, type PauseContext, type ResumeContext } from './strategy.js';

/**
 * What the temp-table strategies (design record 2.3 and 2.4, and their variants) share: the kept
 * table's id in JobDetails, and three ways to know where in it the resume starts.
 *
 * - by DocumentsExported (the record's text: "number of records needed to be skipped based on
 *   DocumentsExported"): all RIP reads today, but IAPI counts a batch whose rows RestoreState cut
 *   or whose download the cancel stopped, so the resume skips records it never wrote;
 * - by the rows RIP counts in the load file (RIP work, no IAPI change): exact while no document of
 *   the table was deleted before its batch (a deleted document has a position but no row);
 * - by the position IAPI reports (`reportDurablePosition`): exact.
 */
export const KEPT = { TABLE: 'TempTableId', SKIP: 'TempTableSkip', ROWS_AT_START: 'LoadFileRowsAtRunStart', SKIP_AT_START: 'TempTableSkipAtRunStart' } as const;

/** The table position a run started from: its skip on a kept table, its start number on the query, 0 for a list of IDs. */
export function runStart(req: ExportRequest): number {
  const src = req.source;
  return src.kind === 'temp-table' ? src.skip : src.kind === 'query' ? src.startAt : 0;
}

/** JobDetails naming the kept table and where to resume in it. */
export function keptAt(ctx: PauseContext, skip: number): BatchParameters {
  return { params: { [FOLDER]: ctx.request.folder, [KEPT.TABLE]: ctx.keptTempTable().id, [KEPT.SKIP]: skip } };
}

/** The record's skip: where the run started plus its DocumentsExported. */
export function skipByDocumentsExported(ctx: PauseContext): BatchParameters {
  return keptAt(ctx, runStart(ctx.request) + ctx.documentsExported);
}

/** For a skip counted from the load file at resume: the kept table, and the rows and table position when the run started. */
export function rowsAtRunStart(ctx: PauseContext): BatchParameters {
  const rows = ctx.memo[KEPT.ROWS_AT_START];
  const skip = ctx.memo[KEPT.SKIP_AT_START];
  return {
    params: {
      [FOLDER]: ctx.request.folder,
      [KEPT.TABLE]: ctx.keptTempTable().id,
      // A fresh run starts on a new load file: 0 rows, at its start number.
      [KEPT.ROWS_AT_START]: typeof rows === 'number' ? rows : 0,
      [KEPT.SKIP_AT_START]: typeof skip === 'number' ? skip : runStart(ctx.request),
    },
  };
}

interface KeptAt {
  table: number;
  skip: number;
}

/** The kept table and the skip JobDetails give, or null when there is nothing to resume from. */
export function keptSkip(ctx: ResumeContext): KeptAt | null {
  const table = ctx.details?.params[KEPT.TABLE];
  const skip = ctx.details?.params[KEPT.SKIP];
  return typeof table === 'number' && typeof skip === 'number' ? { table, skip } : null;
}

/**
 * The kept table and the skip counted from the load file: every row written since the stopped run
 * began moved the table on by one. RIP remembers the count for the run it starts, whose table
 * positions begin at `nextStart` (the same skip on the same table; 0 on a new table of IDs).
 */
export function keptSkipByRows(ctx: ResumeContext, onNewTable: boolean): KeptAt | null {
  const p = ctx.details?.params;
  const table = p?.[KEPT.TABLE];
  if (p === undefined || typeof table !== 'number') return null;
  const rows = ctx.loadFileRows(folderOf(ctx));
  const skip = Number(p[KEPT.SKIP_AT_START]) + rows - Number(p[KEPT.ROWS_AT_START]);
  ctx.remember({ [KEPT.ROWS_AT_START]: rows, [KEPT.SKIP_AT_START]: onNewTable ? 0 : skip });
  return { table, skip };
}

/** 2.3's resume: the same kept table from the skip, appending. */
export function resumeKeptTable(ctx: ResumeContext, at: KeptAt): ExportRequest {
  return { ...ctx.fresh(), source: { kind: 'temp-table', tableId: at.table, skip: at.skip }, folder: folderOf(ctx), append: true };
}

/** 2.4's resume: RIP reads the kept table's IDs from the skip and exports them by ID, appending. */
export function resumeByIds(ctx: ResumeContext, at: KeptAt): ExportRequest {
  return { ...ctx.fresh(), source: { kind: 'ids', ids: ctx.readTempTable(at.table, at.skip) }, folder: folderOf(ctx), append: true };
}
