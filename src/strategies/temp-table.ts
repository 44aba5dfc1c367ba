import { keptSkip, resumeKeptTable, skipByDocumentsExported } from './kept-table.js';
import { startOver, type Strategy } from './strategy.js';

/**
 * Design record option 2.3 as written: IAPI keeps its frozen temp table on a stop and exposes its
 * id; on resume RIP points IAPI at the table "with number of records needed to be skipped based on
 * DocumentsExported", appending. DocumentsExported counts the batch a stop cut (its rows truncated
 * or never written), so each pause can skip up to a batch of records. Holds the table while paused.
 */
export const tempTable: Strategy = {
  id: 'temp-table',
  title: 'Keep the temp table, skip DocumentsExported',
  option: '2.3',
  summary: 'IAPI keeps the frozen temp table; resumes it after DocumentsExported rows (the record\'s text), appending.',
  needs: ['append', 'keepTempTable'],
  reads: [],
  drainStop: true,
  keepTempTable: true,
  pause: skipByDocumentsExported,
  resume: (ctx) => {
    const at = keptSkip(ctx);
    return at === null ? startOver(ctx) : resumeKeptTable(ctx, at);
  },
};
