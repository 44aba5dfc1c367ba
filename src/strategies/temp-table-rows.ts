import { keptSkipByRows, resumeKeptTable, rowsAtRunStart } from './kept-table.js';
import { startOver, type Strategy } from './strategy.js';

/**
 * Option 2.3 with the skip counted by RIP: on resume RIP counts the complete rows of its load file
 * (reading the whole .dat, charged) and skips that many table positions past where the stopped
 * run began. No IAPI change beyond 2.3. Exact unless documents of the table were deleted before
 * their batch (a position without a row: the resume starts that many positions early).
 */
export const tempTableRows: Strategy = {
  id: 'temp-table-rows',
  title: 'Keep the temp table, skip the rows in the load file',
  option: '2.3, rows counted by RIP',
  summary: "IAPI keeps the frozen temp table; RIP counts the load file's rows and resumes the table after them, appending.",
  needs: ['append', 'keepTempTable'],
  reads: ['loadFileRows'],
  drainStop: true,
  keepTempTable: true,
  pause: rowsAtRunStart,
  resume: (ctx) => {
    const at = keptSkipByRows(ctx, false);
    return at === null ? startOver(ctx) : resumeKeptTable(ctx, at);
  },
};
