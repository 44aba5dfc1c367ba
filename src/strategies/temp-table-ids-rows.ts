import { keptSkipByRows, resumeByIds, rowsAtRunStart } from './kept-table.js';
import { startOver, type Strategy } from './strategy.js';

/**
 * Option 2.4 with the skip counted by RIP: on resume RIP counts the complete rows of its load file
 * (reading the whole .dat, charged), reads the kept table's IDs after that many positions past
 * where the stopped run began, and exports them by ID. No IAPI change beyond 2.4.
 */
export const tempTableIdsRows: Strategy = {
  id: 'temp-table-ids-rows',
  title: 'Temp table read into artifact IDs, skip the rows in the load file',
  option: '2.4, rows counted by RIP',
  summary: "IAPI keeps the temp table; RIP counts the load file's rows, reads the table's IDs after them and exports them by ID, appending.",
  needs: ['append', 'keepTempTable', 'exportByArtifactIds'],
  reads: ['loadFileRows'],
  drainStop: true,
  keepTempTable: true,
  pause: rowsAtRunStart,
  resume: (ctx) => {
    const at = keptSkipByRows(ctx, true);
    return at === null ? startOver(ctx) : resumeByIds(ctx, at);
  },
};
