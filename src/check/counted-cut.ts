import type { JobOutcome } from '../model/job.js';

/**
 * What the pauses of a job skip when a strategy resumes after DocumentsExported (the design
 * record's 2.3 and 2.4 as written): IAPI counts the whole batch a stop cut (its rows truncated by
 * RestoreState, or never written because the cancel stopped the download), so each pause skips
 * DocumentsExported − (rows the stopped run kept) documents it never wrote. Read from the trace of
 * IAPI's RestoreState (rows kept, DocumentsExported) for the runs whose pause was persisted.
 */
export interface CountedCut {
  /** Pauses persisted after a RestoreState. */
  pauses: number;
  /** Rows kept in the load file at the last of them. */
  kept: number;
  /** Documents counted but not kept, summed over those pauses. */
  cut: number;
}

export function countedCut(job: JobOutcome): CountedCut {
  const out: CountedCut = { pauses: 0, kept: 0, cut: 0 };
  let pending: { rows: number; counted: number } | null = null;
  for (const e of job.trace.events) {
    if (e.kind === 'truncated') pending = { rows: e.a, counted: e.b };
    else if (e.kind === 'run-start') pending = null;
    else if (e.kind === 'paused' && pending !== null) {
      // The run kept rows - (rows at the last pause): a kill between them was trimmed back to it.
      out.cut += pending.counted - (pending.rows - out.kept);
      out.kept = pending.rows;
      out.pauses++;
      pending = null;
    }
  }
  return out;
}
