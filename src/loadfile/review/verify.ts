import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONCORDANCE_IMPORT, ConcordanceReader } from './concordance-reader.js';
import { OpticonReader, type OpticonDocument } from './opticon-reader.js';
import { readLoadFile } from './read-file.js';

/**
 * Verify one materialized job the way a receiving review platform would load it: parse the
 * destination folders' load files, check they are well formed, and recompute the oracle's
 * counts from the final load file alone. The scenario's simulation supplies only S0 and the
 * live query at the end (`Reference`); nothing here reads drainsim's writer or its model.
 */
export const MANIFEST = 'manifest.json';

/** What `run --materialize` leaves next to the folders: which job it was and which folder it delivered. */
export interface Manifest {
  scenario: string;
  seed: number;
  strategy: string;
  fingerprint: string;
  finalFolder: string;
  /** Written with --rows-only: the load files name natives and images that were not written. */
  rowsOnly?: boolean;
}

export interface Problem {
  file: string;
  /** Null for a problem of the whole file. */
  line: number | null;
  what: string;
}

/** What only the scenario's simulation knows: S0 and the live query at the end. */
export interface Reference {
  s0Ids: Int32Array;
  s0Versions: Int32Array;
  /** Artifact IDs in the query, and not deleted, at the end. */
  liveIds: Int32Array;
  /** Files of other jobs each destination folder held before the job started. */
  sharedFolderFiles: number;
  /** The export has images, so each `.dat` comes with an `.opt`. */
  images: boolean;
  /** Rows the job wrote in all (truncated ones included) and image pages per document: what bounds the size of a load file. */
  rowsWritten: number;
  pagesPerDoc: number;
}

export interface FileCounts {
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
  collateralDeletes: number;
}

export interface FolderSummary {
  name: string;
  /** Data rows of its `.dat` (null when it has none). */
  rows: number | null;
  /** Documents and pages of its `.opt`. */
  documents: number;
  pages: number;
  /** Native and image files on disk that no row of the folder's load files names (left by a truncation). */
  orphans: number;
  /** Files of other jobs still in the folder. */
  otherFiles: number;
}

export interface JobVerdict {
  manifest: Manifest;
  folders: FolderSummary[];
  problems: Problem[];
  counts: FileCounts;
}

/** At most this many problems are listed per file; the rest are counted. */
const PROBLEMS_PER_FILE = 20;
const REQUIRED_COLUMNS = ['Control Number', 'ArtifactID', 'Version', 'FILE_PATH'] as const;

/** A path a load file gives (`.\\VOL01\\IMAGES\\IMG001\\x.tif`) relative to its folder, with `/` separators. */
const folderPath = (value: string): string => value.replaceAll('\\', '/').replace(/^\.\//, '');

/** A manifest is a few hundred bytes; a larger one is not drainsim's. */
const MAX_MANIFEST_BYTES = 1 << 20;
/** Bytes a row of the `.dat` (header included) or a line of the `.opt` can take, far above what the writer writes. */
const MAX_DAT_ROW_BYTES = 1 << 16;
const MAX_OPT_LINE_BYTES = 1 << 12;

/** Why a path cannot be read as a file (a FIFO would block, a device never end, a directory fail), or null for a regular file. */
export function notAFile(path: string): string | null {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return 'missing';
  if (stats.isFile()) return null;
  const kind = stats.isDirectory() ? 'a directory' : stats.isSymbolicLink() ? 'a symbolic link' : stats.isFIFO() ? 'a FIFO' : stats.isSocket() ? 'a socket' : 'a device';
  return `not a regular file (${kind})`;
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  const why = notAFile(path);
  if (why !== null) throw new Error(why);
  if (statSync(path).size > MAX_MANIFEST_BYTES) throw new Error(`more than ${MAX_MANIFEST_BYTES} bytes`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** `manifest`: the job's manifest, when the caller has read it already. */
export function verifyJob(dir: string, ref: Reference, manifest: Manifest = readManifest(dir)): JobVerdict {
  const problems: Problem[] = [];
  const tally = new RowTally(ref);
  const folders: FolderSummary[] = [];
  const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (!names.includes(manifest.finalFolder)) problems.push({ file: join(dir, manifest.finalFolder), line: null, what: 'the final destination folder named in the manifest is missing' });
  for (const name of names) folders.push(verifyFolder(join(dir, name), name, ref, problems, name === manifest.finalFolder ? tally : null, manifest.rowsOnly === true));
  const collateralDeletes = folders.reduce((s, f) => s + Math.max(0, ref.sharedFolderFiles - f.otherFiles), 0);
  return { manifest, folders, problems, counts: { ...tally.classify(), collateralDeletes } };
}

/** Problems of one file, capped. */
class FileProblems {
  private n = 0;
  constructor(private readonly file: string, private readonly out: Problem[]) {}
  add(line: number | null, what: string): void {
    if (this.n++ < PROBLEMS_PER_FILE) this.out.push({ file: this.file, line, what });
  }
  close(): void {
    if (this.n > PROBLEMS_PER_FILE) this.out.push({ file: this.file, line: null, what: `and ${this.n - PROBLEMS_PER_FILE} more problems` });
  }
}

/** `rowsOnly`: no native or image file was written, so a path a load file gives is not looked for on disk. */
function verifyFolder(path: string, name: string, ref: Reference, problems: Problem[], tally: RowTally | null, rowsOnly: boolean): FolderSummary {
  const datName = `${name}_export.dat`;
  const optName = `${name}_export.opt`;
  // Every file of the folder, relative to it, and whether a load file names it.
  const files = new Map<string, boolean>();
  let otherFiles = 0;
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(join(dir, e.name), r);
      else if (rel !== '' || (e.name !== datName && e.name !== optName)) {
        files.set(r, false);
        if (rel === '') otherFiles++;
      }
    }
  };
  walk(path, '');
  const summary: FolderSummary = { name, rows: null, documents: 0, pages: 0, orphans: 0, otherFiles };
  // Read only regular files of a size the job's rows can fill: never block on a FIFO, run on in a device or hang on a huge file.
  const readable = (file: string, maxBytes: number): boolean => {
    const full = join(path, file);
    const why = notAFile(full);
    if (why === 'missing') return false;
    if (why !== null) problems.push({ file: full, line: null, what: `${why}: not read` });
    else if (statSync(full).size > maxBytes) problems.push({ file: full, line: null, what: `${statSync(full).size} bytes, more than the ${ref.rowsWritten} rows the job wrote can take (${maxBytes}): not read` });
    else return true;
    return false;
  };
  const present = (file: string) => lstatSync(join(path, file), { throwIfNoEntry: false }) !== undefined;
  const hasDat = present(datName);
  const hasOpt = present(optName);
  const readDatFile = hasDat && readable(datName, (ref.rowsWritten + 1) * MAX_DAT_ROW_BYTES);
  const readOptFile = hasOpt && readable(optName, (ref.rowsWritten * Math.max(1, ref.pagesPerDoc) + 1) * MAX_OPT_LINE_BYTES);
  /** Mark a path a load file gives; false when no such file is in the folder. */
  const found = (value: string): boolean => {
    const rel = folderPath(value);
    if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.split('/').includes('..')) return false;
    if (rowsOnly) return true;
    if (!files.has(rel)) return false;
    files.set(rel, true);
    return true;
  };
  let controls: string[] = [];
  if (readDatFile) {
    const r = readDat(join(path, datName), found, tally, hasOpt, problems);
    summary.rows = r.rows;
    controls = r.controls;
  }
  if (readOptFile) {
    const r = readOpt(join(path, optName), found, controls, readDatFile, problems);
    summary.documents = r.documents;
    summary.pages = r.pages;
  } else if (hasDat && ref.images) problems.push({ file: join(path, optName), line: null, what: 'the image load file is missing (the export has images)' });
  if (hasOpt && !hasDat) problems.push({ file: join(path, datName), line: null, what: 'the load file is missing next to its image load file' });
  for (const [rel, named] of files) if (!named && rel.includes('/')) summary.orphans++;
  return summary;
}

/** The `.dat`: header, field count per row, FILE_PATH on disk; rows of the final folder go to the tally. */
function readDat(file: string, found: (path: string) => boolean, tally: RowTally | null, keepControls: boolean, out: Problem[]): { rows: number; controls: string[] } {
  const p = new FileProblems(file, out);
  const controls: string[] = [];
  let header: string[] | null = null;
  let col = { control: -1, id: -1, version: -1, path: -1 };
  let rows = 0;
  const reader = new ConcordanceReader(CONCORDANCE_IMPORT, {
    problem: (line, what) => p.add(line, what),
    row: (values, line) => {
      if (header === null) {
        // Without a sound header on line 1 the columns are unknown: no row can be read.
        if (line !== 1) return p.add(line, 'a row before any sound header row (line 1 is the header)');
        header = values;
        col = { control: values.indexOf('Control Number'), id: values.indexOf('ArtifactID'), version: values.indexOf('Version'), path: values.indexOf('FILE_PATH') };
        for (const c of REQUIRED_COLUMNS) if (!values.includes(c)) p.add(line, `the header row has no '${c}' column`);
        return;
      }
      if (values.length !== header.length) return p.add(line, `${values.length} fields, the header has ${header.length}`);
      if (col.id < 0 || col.version < 0 || col.path < 0 || col.control < 0) return;
      const id = Number(values[col.id]);
      const version = Number(values[col.version]);
      if (!/^\d+$/.test(values[col.id]) || !Number.isSafeInteger(id)) return p.add(line, `ArtifactID '${values[col.id]}' is not a whole number`);
      if (!/^-?\d+$/.test(values[col.version])) return p.add(line, `Version '${values[col.version]}' is not a whole number`);
      const native = values[col.path];
      if (native !== '' && !found(native)) p.add(line, `FILE_PATH '${native}' does not exist in the folder`);
      rows++;
      if (keepControls) controls.push(values[col.control]);
      tally?.add(id, version);
    },
  });
  readLoadFile(file, reader, p);
  if (header === null) p.add(null, 'no header row');
  p.close();
  return { rows, controls };
}

/** The `.opt`: page counts, image files on disk, volumes, and documents in step with the `.dat` rows. */
function readOpt(file: string, found: (path: string) => boolean, controls: string[], withDat: boolean, out: Problem[]): { documents: number; pages: number } {
  const p = new FileProblems(file, out);
  let documents = 0;
  let pages = 0;
  let inStep = withDat;
  const reader = new OpticonReader({
    problem: (line, what) => p.add(line, what),
    document: (doc: OpticonDocument) => {
      const first = doc.pages[0];
      if (inStep && first.bates !== controls[documents]) {
        p.add(first.line, documents < controls.length ? `document ${documents + 1} is '${first.bates}', row ${documents + 1} of the load file is '${controls[documents]}'` : `document '${first.bates}' has no row in the load file`);
        inStep = false;
      }
      documents++;
      pages += doc.pages.length;
      if (doc.pages.length !== doc.declaredPages) p.add(first.line, `document '${first.bates}' declares ${doc.declaredPages} pages and has ${doc.pages.length}`);
      for (const page of doc.pages) {
        if (!found(page.path)) p.add(page.line, `image '${page.path}' does not exist in the folder`);
        const volume = folderPath(page.path).split('/')[0];
        if (volume !== page.volume) p.add(page.line, `the volume is '${page.volume}' but the image is in '${volume}'`);
      }
    },
  });
  readLoadFile(file, reader, p);
  if (inStep && documents < controls.length) p.add(null, `${documents} documents for the ${controls.length} rows of the load file`);
  p.close();
  return { documents, pages };
}

/**
 * Rows of the final load file per artifact ID, against S0 and the live query: the same
 * classification as the oracle's, computed from the file's rows (in file order: the version of a
 * record's last row is the one a review platform keeps).
 */
class RowTally {
  private readonly lo: number;
  private readonly rowsOf: Int32Array;
  private readonly lastVersion: Int32Array;
  private readonly inS0: Uint8Array;
  private readonly s0Version: Int32Array;
  private readonly live: Uint8Array;
  /** Rows of IDs that are neither in S0 nor live (phantoms, by definition). */
  private readonly foreign = new Map<number, number>();
  private readonly s0: number;

  constructor(ref: Reference) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const a of [ref.s0Ids, ref.liveIds]) for (const id of a) {
      if (id < lo) lo = id;
      if (id > hi) hi = id;
    }
    const span = hi >= lo ? hi - lo + 1 : 0;
    this.lo = span > 0 ? lo : 0;
    this.rowsOf = new Int32Array(span);
    this.lastVersion = new Int32Array(span);
    this.inS0 = new Uint8Array(span);
    this.s0Version = new Int32Array(span);
    this.live = new Uint8Array(span);
    ref.s0Ids.forEach((id, k) => {
      this.inS0[id - this.lo] = 1;
      this.s0Version[id - this.lo] = ref.s0Versions[k];
    });
    for (const id of ref.liveIds) this.live[id - this.lo] = 1;
    this.s0 = ref.s0Ids.length;
  }

  add(id: number, version: number): void {
    const k = id - this.lo;
    if (k >= 0 && k < this.rowsOf.length) {
      this.rowsOf[k]++;
      this.lastVersion[k] = version;
    } else this.foreign.set(id, (this.foreign.get(id) ?? 0) + 1);
  }

  classify(): Omit<FileCounts, 'collateralDeletes'> {
    const c = { duplicates: 0, misses: 0, missesGone: 0, phantoms: 0, stale: 0, missedNewcomers: 0, rows: 0, uniqueRows: 0, s0: this.s0, exportedFromS0: 0 };
    for (let k = 0; k < this.rowsOf.length; k++) {
      const rows = this.rowsOf[k];
      c.rows += rows;
      if (rows > 0) {
        c.uniqueRows++;
        c.duplicates += rows - 1;
      }
      if (this.inS0[k] === 1) {
        if (rows > 0) {
          c.exportedFromS0++;
          if (this.lastVersion[k] !== this.s0Version[k]) c.stale++;
        } else if (this.live[k] === 1) c.misses++;
        else c.missesGone++;
      } else if (rows > 0) c.phantoms++;
      else if (this.live[k] === 1) c.missedNewcomers++;
    }
    for (const rows of this.foreign.values()) {
      c.rows += rows;
      c.uniqueRows++;
      c.duplicates += rows - 1;
      c.phantoms++;
    }
    return c;
  }
}
