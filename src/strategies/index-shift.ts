import { FOLDER, folderOf, startOver, type Strategy } from './strategy.js';

const START = 'StartAtDocumentNumber';

/**
 * Design record option 2.1: save DocumentsExported in JobDetails and shift the start number by
 * it, appending to the load file. The resumed run re-queries the live source, so inserts ahead
 * of the shifted start duplicate rows, deletes ahead of it skip records, and documents IAPI
 * counted in a batch that was then truncated (or whose download the cancel cut) are never exported.
 */
export const indexShift: Strategy = {
  id: 'index-shift',
  title: 'Shift the start index',
  option: '2.1',
  summary: 'Saves StartAtDocumentNumber + DocumentsExported; resumes the query from that index, appending.',
  needs: ['append'],
  reads: [],
  drainStop: true,
  keepTempTable: false,
  pause: (ctx) => {
    const src = ctx.request.source;
    const start = src.kind === 'query' ? src.startAt : 0;
    return { params: { [FOLDER]: ctx.request.folder, [START]: start + ctx.documentsExported } };
  },
  resume: (ctx) => {
    const start = ctx.details?.params[START];
    if (typeof start !== 'number') return startOver(ctx);
    return { ...ctx.fresh(), source: { kind: 'query', startAt: start }, folder: folderOf(ctx), append: true };
  },
};
