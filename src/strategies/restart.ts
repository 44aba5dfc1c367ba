import { FOLDER, startOver, type Strategy } from './strategy.js';

/**
 * Design record option 1, "Don't support resuming": stop now, and on resume run the whole
 * export again into the same destination (kept in JobDetails, since its name can depend on the
 * start time) with Overwrite on. What Overwrite deletes is the assumption `overwrite`.
 */
export const restart: Strategy = {
  id: 'restart',
  title: 'Restart from scratch',
  option: '1',
  summary: 'Pauses at once; resumes by exporting everything again with Overwrite on into the same folder.',
  needs: [],
  reads: [],
  drainStop: true,
  keepTempTable: false,
  pause: (ctx) => ({ params: { [FOLDER]: ctx.request.folder } }),
  resume: startOver,
};
