import { keptAt, keptSkip, resumeKeptTable } from './kept-table.js';
import { startOver, type Strategy } from './strategy.js';

/**
 * Option 2.3 with the skip IAPI reports: after the stop IAPI tells RIP the table position up to
 * which its batches were saved (`reportDurablePosition`), which RestoreState makes exactly where
 * the load file ends. It differs from the rows RIP can count when documents of the table were
 * deleted before their batch (positions without a row).
 */
export const tempTableExact: Strategy = {
  id: 'temp-table-exact',
  title: 'Keep the temp table, skip to the saved position IAPI reports',
  option: '2.3, position reported by IAPI',
  summary: 'IAPI keeps the frozen temp table and reports its saved position; resumes the table there, appending.',
  needs: ['append', 'keepTempTable', 'reportDurablePosition'],
  reads: [],
  drainStop: true,
  keepTempTable: true,
  pause: (ctx) => keptAt(ctx, ctx.durablePosition()),
  resume: (ctx) => {
    const at = keptSkip(ctx);
    return at === null ? startOver(ctx) : resumeKeptTable(ctx, at);
  },
};
