import type { Strategy } from './strategy.js';

/**
 * Today: ExportServiceManager passes supportsDrainStop: false and StoppableExporter listens only
 * to the user-stop event, so the export runs on after a drain-stop request until it ends or the
 * agent is killed. A killed job runs again from scratch with its own settings (with Overwrite
 * off that fails on the load file the killed run left).
 */
export const statusQuo: Strategy = {
  id: 'status-quo',
  title: 'Status quo (no drain-stop)',
  option: 'today',
  summary: 'Ignores the drain-stop; if killed, the job runs again from scratch with its own settings.',
  needs: [],
  drainStop: false,
  keepTempTable: false,
  pause: () => ({ params: {} }),
  resume: (ctx) => ctx.fresh(),
};
