import type { JobOutcome } from '../model/job.js';

/** Per-record view of a finished job (Jepsen-style: every element classified). */
export interface RecordView {
  /** Rows of each record in the final load file. */
  rowsOf: Int32Array;
  /** Version written in each record's last row in the final file. */
  lastVersion: Int32Array;
  /** Times each record was exported across all runs (rows later truncated or wiped included). */
  exportsOf: Int32Array;
  /** 1 for records of S0. */
  inS0: Uint8Array;
  /** Version of each S0 record at the freeze. */
  s0Version: Int32Array;
}

export interface Classification {
  duplicates: number;
  misses: number;
  missesGone: number;
  phantoms: number;
  stale: number;
  missedNewcomers: number;
  rows: number;
  uniqueRows: number;
  s0: number;
  exportedFromS0: number;
  reexportedDocs: number;
  extraExports: number;
  /** Transfer seconds of every export of a document beyond its first (the files copied again). */
  extraExportSeconds: number;
  /** Documents whose files are in a destination folder of the job but not referenced by the final load file. */
  orphanDocuments: number;
}

export function recordView(job: JobOutcome): RecordView {
  const n = job.source.size;
  const h = job.iapi.history;
  const rowsOf = new Int32Array(n);
  const lastVersion = new Int32Array(n);
  const exportsOf = new Int32Array(n);
  const inS0 = new Uint8Array(n);
  const s0Version = new Int32Array(n);
  const folder = job.iapi.folders.get(job.finalFolder);
  for (const seg of folder?.segments ?? []) {
    for (let i = seg.from; i < seg.to; i++) {
      const r = h.record[i];
      rowsOf[r]++;
      lastVersion[r] = h.version[i];
    }
  }
  for (let i = 0; i < h.length; i++) exportsOf[h.record[i]]++;
  for (let k = 0; k < job.s0.length; k++) {
    inS0[job.s0[k]] = 1;
    s0Version[job.s0[k]] = job.s0Versions[k];
  }
  return { rowsOf, lastVersion, exportsOf, inS0, s0Version };
}

/**
 * Classify the final load file against S0 (records frozen at the original start) and the live
 * source at the end: duplicates, misses (still in the query), missesGone (deleted or out of the
 * query), phantoms (not in S0), stale (version differs from S0's); and the cost in re-exports.
 */
export function classify(job: JobOutcome, v: RecordView = recordView(job)): Classification {
  const { inQuery, deleted } = job.source;
  const c: Classification = {
    duplicates: 0, misses: 0, missesGone: 0, phantoms: 0, stale: 0, missedNewcomers: 0, rows: 0,
    uniqueRows: 0, s0: job.s0.length, exportedFromS0: 0, reexportedDocs: 0, extraExports: 0,
    extraExportSeconds: 0, orphanDocuments: orphanDocuments(job, v),
  };
  const seconds = job.source.seconds;
  for (let r = 0; r < v.rowsOf.length; r++) {
    const rows = v.rowsOf[r];
    const exports = v.exportsOf[r];
    if (exports > 1) {
      c.reexportedDocs++;
      c.extraExports += exports - 1;
      c.extraExportSeconds += (exports - 1) * seconds[r];
    }
    c.rows += rows;
    if (rows > 0) {
      c.uniqueRows++;
      c.duplicates += rows - 1;
    }
    if (v.inS0[r] === 1) {
      if (rows > 0) {
        c.exportedFromS0++;
        if (v.lastVersion[r] !== v.s0Version[r]) c.stale++;
      } else if (inQuery[r] === 1 && deleted[r] === 0) c.misses++;
      else c.missesGone++;
    } else if (rows > 0) c.phantoms++;
    else if (inQuery[r] === 1 && deleted[r] === 0) c.missedNewcomers++;
  }
  checkConsistent(c);
  return c;
}

/**
 * Documents whose files a run of the job wrote into one of its destination folders and that the
 * final load file does not reference: in the final folder, those without a row (a truncated or
 * cancelled batch, or an earlier run's documents that an overwrite of only the files it rewrites
 * left behind); in any other folder of the job (a fresh run in a new folder), all of them.
 */
function orphanDocuments(job: JobOutcome, v: RecordView): number {
  const h = job.iapi.history;
  // stamp[r] = folder index + 1 once the record was counted in that folder.
  const stamp = new Int32Array(v.rowsOf.length);
  let n = 0;
  let k = 0;
  for (const folder of job.iapi.folders.values()) {
    k++;
    const final = folder.name === job.finalFolder;
    for (const range of folder.fileRanges) {
      for (let i = range.from; i < range.to; i++) {
        const r = h.record[i];
        if (stamp[r] === k || (final && v.rowsOf[r] > 0)) continue;
        stamp[r] = k;
        n++;
      }
    }
  }
  return n;
}

/** The oracle's own sums must hold on every run: a violation is a bug, reported loudly. */
export function checkConsistent(c: Classification): void {
  const problems: string[] = [];
  if (c.rows !== c.uniqueRows + c.duplicates) problems.push(`rows ${c.rows} != unique ${c.uniqueRows} + duplicates ${c.duplicates}`);
  if (c.s0 !== c.exportedFromS0 + c.misses + c.missesGone) {
    problems.push(`S0 ${c.s0} != exported ${c.exportedFromS0} + misses ${c.misses} + missesGone ${c.missesGone}`);
  }
  if (c.uniqueRows !== c.exportedFromS0 + c.phantoms) problems.push(`unique ${c.uniqueRows} != exported from S0 ${c.exportedFromS0} + phantoms ${c.phantoms}`);
  if (problems.length > 0) throw new Error(`oracle self-check failed: ${problems.join('; ')}`);
}
