import type { Strategy } from '../../src/strategies/strategy.js';

/**
 * A deliberately wrong strategy, to show `drainsim check` at work. At a pause it saves how far the
 * frozen temp table got in the load file (the saved position IAPI reports, so a truncated batch
 * is no problem); on resume it exports the *live* query from that offset, appending. Right while the
 * data source does not change; a record inserted or deleted ahead of the offset during the pause
 * shifts every record behind it, writing one twice or skipping one.
 *
 *   npx tsx src/cli.ts check --strategy examples/strategies/naive-offset.ts --out naive-offset.yaml
 *   npx tsx src/cli.ts check --strategy examples/strategies/naive-offset.ts --replay naive-offset.yaml
 */
const OFFSET = 'Offset';
const FOLDER = 'DestinationFolder';

const naiveOffset: Strategy = {
  id: 'naive-offset',
  title: 'Offset into the live query',
  option: 'example',
  summary: 'Saves the temp table position reached; resumes the live query from that offset, appending.',
  needs: ['append', 'reportDurablePosition'],
  reads: [],
  drainStop: true,
  keepTempTable: false,
  pause: (ctx) => ({ params: { [FOLDER]: ctx.request.folder, [OFFSET]: ctx.durablePosition() } }),
  resume: (ctx) => {
    const offset = ctx.details?.params[OFFSET];
    const folder = ctx.details?.params[FOLDER];
    if (typeof offset !== 'number' || typeof folder !== 'string') return ctx.fresh();
    return { ...ctx.fresh(), source: { kind: 'query', startAt: offset }, folder, append: true };
  },
};

export default naiveOffset;
