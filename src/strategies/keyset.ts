import { folderOf, FOLDER, type Strategy } from './strategy.js';

/**
 * Beyond the record: a keyset cursor (`WHERE key > last_key ORDER BY key`). On resume RIP reads
 * the export-order key of the last row in its load file, queries the live source for the
 * records after it (ObjectManager), and exports them by ID, appending. No JobDetails beyond the
 * folder, robust to a kill (the file itself is the cursor); exact only when the order key is
 * unique and immutable: a record whose key moves across the cursor is missed or written twice.
 */
export const keyset: Strategy = {
  id: 'keyset',
  title: 'Keyset cursor on the export order',
  option: 'beyond the record',
  summary: "Resumes after the last durable row's export-order key: the live query above that key, by ID, appending.",
  needs: ['append', 'exportByArtifactIds'],
  reads: ['lastRowKey', 'queryAfterKey'],
  drainStop: true,
  keepTempTable: false,
  pause: (ctx) => ({ params: { [FOLDER]: ctx.request.folder } }),
  resume: (ctx) => {
    const folder = folderOf(ctx);
    // The load file is the cursor, even after a kill: an empty or missing file resumes from the start.
    const last = ctx.lastRowKey(folder);
    return { ...ctx.fresh(), source: { kind: 'ids', ids: ctx.queryAfterKey(last) }, folder, append: true };
  },
};
