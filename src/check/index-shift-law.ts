import type { JobOutcome } from '../model/job.js';
import type { Scenario } from '../scenario/types.js';
import { referenceAt, runStarts } from './subject.js';

/**
 * The law of index shift (design record option 2.1) for one pause and one resumed run, with
 * StartExportAtRecord 1. Let
 *
 * - E = DocumentsExported of the stopped run (what RIP saves as the new StartAtDocumentNumber);
 * - K = rows kept in the load file after RestoreState truncated it to the last saved batch
 *   (E - K documents were counted, then cut);
 * - L = the live query, in export order, when the resumed run takes its snapshot (time R);
 * - the resume point = the first record of S0 without a kept row that is still in L, at
 *   position P of L;
 * - a = records ahead of the resume point in L that are not in S0 (inserts and entries between
 *   the freeze and R), g = kept rows whose records left the query by R (deletes and exits ahead
 *   of the resume point).
 *
 * The resumed run exports L[E..]. Without sort-key edits every kept record lies ahead of the
 * resume point, so P = (K - g) + a, and the resumed run starts s = P - E = a - g - (E - K)
 * positions too early (s > 0) or too late (s < 0):
 *
 * - s >= 0: no misses; the s records L[E..P) are exported again: the kept ones are duplicates,
 *   newcomers among them are phantoms the query returns anyway. duplicates = s - (newcomers in
 *   L[E..P)) - (kept records in it deleted during the resumed run before their batch).
 * - s <= 0: no duplicates; the -s records L[P..E) are skipped: misses = -s - (newcomers in
 *   L[P..E)) - (records in it that leave the query before the job ends).
 * - E >= |L| (a start of 0 on an empty query too): the resumed run halts with IAPI's "start item number exceeds" error.
 *
 * With sort-key edits the same holds position by position: duplicates are the kept records at
 * positions >= E of L, misses the S0 records without a kept row at positions < E of L that are
 * still in the query at the end. `indexShiftLaw` computes both forms from the scenario's events
 * (by the plain-list reference source) and the job's E and kept rows.
 */
export interface IndexShiftLaw {
  resumeAt: number;
  documentsExported: number;
  rowsKept: number;
  /** a: records ahead of the resume point that are not in S0. */
  newcomersAhead: number;
  /** g: kept rows whose records left the query by the resume. */
  goneAhead: number;
  /** P - E: positive, the resumed run starts that many records early; negative, late. */
  shift: number;
  /** Did the live order change by sort-key edits before the resume (then only the positional form holds)? */
  moved: boolean;
  startError: boolean;
  /** Kept records at positions >= E of L; `min` leaves out those deleted by the end (perhaps before their batch). */
  duplicates: { min: number; max: number };
  /** S0 records without a kept row, at positions < E of L (all of them on a start error), still in the query at the end. */
  misses: number;
}

/** The law's prediction for a job with exactly one pause and one resumed run by index shift; null for any other job. */
export function indexShiftLaw(sc: Scenario, job: JobOutcome): IndexShiftLaw | null {
  // An agent of the old version runs the resume as a fresh export: not index shift's resume.
  if (job.exportRuns !== 2 || job.jobDetails.length !== 1 || sc.job.startAtRecord !== 1 || job.faults.includes('oldVersionAgent')) return null;
  const [freezeAt, resumeAt] = runStarts(job);
  const s0 = new Set(referenceAt(sc, freezeAt).live);
  // E: IAPI's DocumentsExported of the stopped run, as its RestoreState left it (not read from JobDetails:
  // the law says where index shift must resume, and the strategy's own arithmetic is under test).
  const h = job.iapi.history;
  const cut = job.trace.events.find((e) => e.kind === 'truncated' && e.run === 0);
  if (cut === undefined) return null;
  const start = cut.b;
  const kept = new Set<number>();
  let rowsKept = 0;
  for (const seg of job.iapi.folders.get(job.finalFolder)?.segments ?? []) {
    for (let i = seg.from; i < seg.to; i++) {
      if (h.run[i] !== 0) continue;
      kept.add(h.record[i]);
      rowsKept++;
    }
  }
  const atResume = referenceAt(sc, resumeAt);
  const live = atResume.live;
  const atEnd = referenceAt(sc, job.endAt);
  const pending = (r: number) => s0.has(r) && !kept.has(r);
  let p = live.findIndex(pending);
  if (p < 0) p = live.length;
  // IAPI halts a start past the rows, and a start of 0 on 0 rows too.
  const startError = start >= live.length;
  const after = startError ? [] : live.slice(start);
  const skipped = startError ? [...s0].filter(pending) : live.slice(0, start);
  const keptAfter = after.filter((r) => kept.has(r));
  return {
    resumeAt,
    documentsExported: start,
    rowsKept,
    newcomersAhead: live.slice(0, p).filter((r) => !s0.has(r)).length,
    goneAhead: [...kept].filter((r) => !atResume.isLive(r)).length,
    shift: p - start,
    moved: atResume.eventsUpTo(resumeAt).some((e) => e.kind === 'move'),
    startError,
    duplicates: { min: keptAfter.filter((r) => !atEnd.deleted.has(r)).length, max: keptAfter.length },
    misses: skipped.filter((r) => pending(r) && atEnd.isLive(r)).length,
  };
}
