import { folderOf, FOLDER, startOver, type Strategy } from './strategy.js';

const TABLE = 'TempTableId';
const SKIP = 'TempTableSkip';

/**
 * Design record option 2.3: IAPI keeps its frozen temp table on a stop and exposes its id and
 * how far its rows are in the load file; the resume exports the same table from there,
 * appending. Exact, but holds the table while paused and fails if it expired.
 */
export const tempTable: Strategy = {
  id: 'temp-table',
  title: 'Keep the temp table',
  option: '2.3',
  summary: 'IAPI keeps the frozen temp table; resumes the same table after its durable rows, appending.',
  needs: ['append', 'keepTempTable'],
  drainStop: true,
  keepTempTable: true,
  pause: (ctx) => {
    const kept = ctx.keptTempTable();
    return { params: { [FOLDER]: ctx.request.folder, [TABLE]: kept.id, [SKIP]: kept.durablePosition } };
  },
  resume: (ctx) => {
    const p = ctx.details?.params;
    if (p === undefined || typeof p[TABLE] !== 'number') return startOver(ctx);
    return { ...ctx.fresh(), source: { kind: 'temp-table', tableId: p[TABLE], skip: Number(p[SKIP]) }, folder: folderOf(ctx), append: true };
  },
};

export const TEMP_TABLE_KEYS = { TABLE, SKIP } as const;
