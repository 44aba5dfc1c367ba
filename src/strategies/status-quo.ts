import type { Strategy } from './strategy.js';

/**
 * Today: StoppableExporter subscribes only to the user-stop event, so IAPI is never cancelled on
 * a drain-stop and the export runs on until it ends or the agent is killed. What happens when
 * the killed job's queue row is picked up again is the assumption `afterKill` (default: it runs
 * again from scratch with its own settings, which with Overwrite off fails on the load file the
 * killed run left).
 */
export const statusQuo: Strategy = {
  id: 'status-quo',
  title: 'Status quo (no drain-stop)',
  option: 'today',
  summary: 'Ignores the drain-stop; if killed, the job runs again from scratch with its own settings (assumption afterKill).',
  needs: [],
  reads: [],
  drainStop: false,
  keepTempTable: false,
  pause: () => ({ params: {} }),
  resume: (ctx) => ctx.fresh(),
};
