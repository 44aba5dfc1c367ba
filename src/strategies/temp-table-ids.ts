import { keptSkip, resumeByIds, skipByDocumentsExported } from './kept-table.js';
import { startOver, type Strategy } from './strategy.js';

/**
 * Design record option 2.4 (2.2 + 2.3) as written: IAPI exposes the kept temp table's id; on
 * resume RIP reads the table's IDs after DocumentsExported of them and passes them as artifact
 * IDs. JobDetails stays small, but "old temp table wouldn't be cleanup": every paused table is
 * left until it expires; and DocumentsExported counts the batch a stop cut, as in 2.3.
 */
export const tempTableIds: Strategy = {
  id: 'temp-table-ids',
  title: 'Temp table read into artifact IDs, skip DocumentsExported',
  option: '2.4',
  summary: 'IAPI keeps the temp table; on resume RIP reads its IDs after DocumentsExported and exports them by ID, appending.',
  needs: ['append', 'keepTempTable', 'exportByArtifactIds'],
  reads: [],
  drainStop: true,
  keepTempTable: true,
  pause: skipByDocumentsExported,
  resume: (ctx) => {
    const at = keptSkip(ctx);
    return at === null ? startOver(ctx) : resumeByIds(ctx, at);
  },
};
