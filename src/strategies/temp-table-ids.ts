import { folderOf, FOLDER, startOver, type Strategy } from './strategy.js';
import { TEMP_TABLE_KEYS } from './temp-table.js';

/**
 * Design record option 2.4 (2.2 + 2.3): IAPI exposes the kept temp table's id; on resume RIP
 * reads the remaining IDs from it and passes them as artifact IDs. JobDetails stays small, but
 * "old temp table wouldn't be cleanup": every paused table is left until it expires.
 */
export const tempTableIds: Strategy = {
  id: 'temp-table-ids',
  title: 'Temp table read into artifact IDs',
  option: '2.4',
  summary: 'IAPI keeps the temp table; on resume RIP reads its remaining IDs and exports them by ID, appending.',
  needs: ['append', 'keepTempTable', 'exportByArtifactIds'],
  drainStop: true,
  keepTempTable: true,
  pause: (ctx) => {
    const kept = ctx.keptTempTable();
    return { params: { [FOLDER]: ctx.request.folder, [TEMP_TABLE_KEYS.TABLE]: kept.id, [TEMP_TABLE_KEYS.SKIP]: kept.durablePosition } };
  },
  resume: (ctx) => {
    const p = ctx.details?.params;
    if (p === undefined || typeof p[TEMP_TABLE_KEYS.TABLE] !== 'number') return startOver(ctx);
    const ids = ctx.readTempTable(Number(p[TEMP_TABLE_KEYS.TABLE]), Number(p[TEMP_TABLE_KEYS.SKIP]));
    return { ...ctx.fresh(), source: { kind: 'ids', ids }, folder: folderOf(ctx), append: true };
  },
};
