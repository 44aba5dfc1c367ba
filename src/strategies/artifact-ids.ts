import { folderOf, FOLDER, startOver, type Strategy } from './strategy.js';

/**
 * Design record option 2.2: IAPI exports a given list of artifact IDs; at a pause RIP stores the
 * IDs not yet in the load file in JobDetails. RIP cannot know them today ("RIP would need to get
 * information about left records"): IAPI must report them after the stop (`reportRemainingIds`).
 * Exact for S0 records that still exist, but the list can be large ("we need to store it in
 * column as a JSON"), which costs stop time and can exceed the column.
 */
export const artifactIds: Strategy = {
  id: 'artifact-ids',
  title: 'Pass remaining artifact IDs',
  option: '2.2',
  summary: 'Stores the remaining artifact IDs (reported by IAPI) in JobDetails; resumes by exporting that list, appending.',
  needs: ['append', 'exportByArtifactIds', 'reportRemainingIds'],
  reads: [],
  drainStop: true,
  keepTempTable: false,
  pause: (ctx) => ({ params: { [FOLDER]: ctx.request.folder }, ids: ctx.remainingIds() }),
  resume: (ctx) => {
    const ids = ctx.details?.ids;
    if (ids === undefined) return startOver(ctx);
    return { ...ctx.fresh(), source: { kind: 'ids', ids }, folder: folderOf(ctx), append: true };
  },
};
