import { Arena } from '../model/arena.js';
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

/** What the classification reads of each record (RecordView without S0's versions by record). */
type Counts = Omit<RecordView, 's0Version'>;

/**
 * Count each record's rows in the final file and its exports across all runs, in `arena`'s memory.
 * The job is over: in a shared arena the counts take the slabs of its temp tables and ID lists
 * (all but S0's), and every column is cleared where an earlier job left values.
 */
function countRows(job: JobOutcome, arena: Arena): Counts {
  const n = job.source.size;
  const h = job.iapi.history;
  arena.lists.keepOnly([job.s0, job.s0Frozen.list]);
  const rowsOf = arena.lists.take(n).fill(0);
  const lastVersion = arena.lists.take(n);
  const exportsOf = arena.lists.take(n).fill(0);
  // One byte per record: S0's marks, then (classify is done with them) the orphans' stamps.
  const inS0 = arena.u8('oracle.marks', n).fill(0, 0, n);
  // One pass over the history: every row is an export; those in the final file's segments (in
  // history order, apart) are its rows.
  const segments = job.iapi.folders.get(job.finalFolder)?.segments ?? [];
  const { record, version } = h;
  let i = 0;
  for (const seg of segments) {
    if (seg.from < i) throw new Error(`the final file's segments overlap or are out of history order at row ${seg.from}`);
    for (; i < seg.from; i++) exportsOf[record[i]]++;
    for (; i < seg.to; i++) {
      const r = record[i];
      exportsOf[r]++;
      rowsOf[r]++;
      lastVersion[r] = version[i];
    }
  }
  for (; i < h.length; i++) exportsOf[record[i]]++;
  const s0 = job.s0;
  for (let k = 0; k < s0.length; k++) inS0[s0[k]] = 1;
  return { rowsOf, lastVersion, exportsOf, inS0 };
}

/** Per-record view of a finished job, in memory of its own (explanations read it). */
export function recordView(job: JobOutcome): RecordView {
  const c = countRows(job, new Arena(false));
  const s0Version = new Int32Array(job.source.size);
  const frozen = job.s0Versions;
  for (let k = 0; k < job.s0.length; k++) s0Version[job.s0[k]] = frozen[k];
  return { ...c, s0Version };
}

/**
 * Classify the final load file against S0 (records frozen at the original start) and the live
 * source at the end: duplicates, misses (still in the query), missesGone (deleted or out of the
 * query), phantoms (not in S0), stale (version differs from S0's); and the cost in re-exports.
 * Without a view, the counts are taken in the job's arena.
 */
export function classify(job: JobOutcome, v: Counts = countRows(job, job.arena)): Classification {
  const { inQuery, deleted, seconds } = job.source;
  const n = job.source.size;
  const { rowsOf, exportsOf, inS0, lastVersion } = v;
  let rows = 0;
  let uniqueRows = 0;
  let duplicates = 0;
  let phantoms = 0;
  let missedNewcomers = 0;
  let reexportedDocs = 0;
  let extraExports = 0;
  let extraExportSeconds = 0;
  for (let r = 0; r < n; r++) {
    const exports = exportsOf[r];
    if (exports > 1) {
      reexportedDocs++;
      extraExports += exports - 1;
      extraExportSeconds += (exports - 1) * seconds[r];
    }
    const k = rowsOf[r];
    if (k > 0) {
      rows += k;
      uniqueRows++;
      duplicates += k - 1;
      if (inS0[r] === 0) phantoms++;
    } else if (inS0[r] === 0 && inQuery[r] === 1 && deleted[r] === 0) missedNewcomers++;
  }
  // S0's records, with their versions at the freeze.
  let exportedFromS0 = 0;
  let stale = 0;
  let misses = 0;
  let missesGone = 0;
  const s0 = job.s0;
  const frozen = job.s0Frozen;
  for (let k = 0; k < s0.length; k++) {
    const r = s0[k];
    if (rowsOf[r] > 0) {
      exportedFromS0++;
      if (lastVersion[r] !== frozen.next(k)) stale++;
    } else if (inQuery[r] === 1 && deleted[r] === 0) misses++;
    else missesGone++;
  }
  const c: Classification = {
    duplicates, misses, missesGone, phantoms, stale, missedNewcomers, rows, uniqueRows, s0: s0.length, exportedFromS0,
    reexportedDocs, extraExports, extraExportSeconds, orphanDocuments: orphanDocuments(job, rowsOf),
  };
  checkConsistent(c);
  return c;
}

/**
 * Documents whose files a run of the job wrote into one of its destination folders and that the
 * final load file does not reference: in the final folder, those without a row (a truncated or
 * cancelled batch, or an earlier run's documents that an overwrite of only the files it rewrites
 * left behind); in any other folder of the job (a fresh run in a new folder), all of them. Each
 * folder stamps the records it counted with its own mark (1 to 255, the column cleared when they
 * run out).
 */
function orphanDocuments(job: JobOutcome, rowsOf: Int32Array): number {
  const record = job.iapi.history.record;
  const n = job.source.size;
  const stamp = job.arena.u8('oracle.marks', n).fill(0, 0, n);
  let orphans = 0;
  let k = 0;
  for (const folder of job.iapi.folders.values()) {
    if (++k === 256) {
      stamp.fill(0, 0, n);
      k = 1;
    }
    const final = folder.name === job.finalFolder;
    for (const range of folder.fileRanges) {
      for (let i = range.from; i < range.to; i++) {
        const r = record[i];
        if (stamp[r] === k || (final && rowsOf[r] > 0)) continue;
        stamp[r] = k;
        orphans++;
      }
    }
  }
  return orphans;
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
