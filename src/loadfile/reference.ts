import type { JobOutcome } from '../model/job.js';
import { classify } from '../oracle/classify.js';
import type { Scenario } from '../scenario/types.js';
import type { FileCounts, Reference } from './review/verify.js';

/**
 * What a verification takes from the scenario's simulation: S0 and the live query at the end
 * (the two things no load file can tell), and the oracle's in-memory counts to compare with.
 */
export function referenceOf(sc: Scenario, job: JobOutcome): Reference {
  const { source } = job;
  const live: number[] = [];
  for (let r = 0; r < source.size; r++) if (source.isLive(r)) live.push(source.artifactId(r));
  return {
    s0Ids: job.s0.map((r) => source.artifactId(r)),
    s0Versions: job.s0Versions,
    liveIds: Int32Array.from(live),
    sharedFolderFiles: sc.job.sharedFolderFiles,
    images: sc.files.pagesPerDoc > 0,
    rowsWritten: job.iapi.history.length,
    pagesPerDoc: sc.files.pagesPerDoc,
  };
}

/** The oracle's counts for the same job, under the names the files' counts use. */
export function oracleCounts(job: JobOutcome): FileCounts {
  // The re-export costs count rows that no longer exist: no load file can show them. Orphans are
  // counted by document in the model; on disk a document exported again by a later run can sit at
  // another path (each run restarts the volume counters), so verify lists orphan files per folder.
  const { reexportedDocs: _r, extraExports: _e, extraExportSeconds: _s, orphanDocuments: _o, ...counts } = classify(job);
  return { ...counts, collateralDeletes: job.iapi.collateralDeletes };
}
