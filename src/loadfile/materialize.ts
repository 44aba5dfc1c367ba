import { closeSync, existsSync, ftruncateSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, inFile } from '../errors.js';
import { writeAll, writeError } from '../io/atomic.js';
import type { JobOutcome } from '../model/job.js';
import type { DestinationFolder } from '../model/load-file.js';
import type { RunResult } from '../oracle/result.js';
import { seedsOf, type Scenario } from '../scenario/types.js';
import { SeedRun, toResult } from '../simulate.js';
import type { Strategy } from '../strategies/strategy.js';
import { concordanceRow, UTF8_BOM } from './concordance.js';
import { controlNumber, DAT_COLUMNS, extractedText, imageFileName, imageStandIn, nativeFileName, nativeStandIn, pageBates, tags } from './document.js';
import { IAPI_LAYOUT, relativeLoadFilePath, VolumeLayout, type LayoutParams } from './layout.js';
import { opticonLine } from './opticon.js';
import { Progress } from '../suite/progress.js';

/**
 * `run --materialize`: the destination folders of a simulated job written as the export left
 * them on the file share. Each folder's operations are replayed in order: create writes the
 * header (replacing the load files: Overwrite with `overwrite: per-file` recreates them and
 * leaves every other file), an append streams its rows (and the stand-in native and image files
 * of each row), a files operation writes the files of documents whose batch never wrote its rows
 * (a cancel or a kill in its downloads), a truncation (IAPI's RestoreState, or RIP's trim after a
 * kill) cuts the `.dat` and `.opt` back to the byte offsets of that many rows, and an overwrite
 * with `overwrite: folder` removes the whole folder, other jobs' files included. The rows come
 * from the model's row history, so nothing is invented on the way.
 *
 * Files of rows cut off by a truncation stay on disk (RestoreState truncates the load files;
 * nothing public says it deletes the files it downloaded): a receiving platform sees them as
 * orphans, and `verify` reports them without counting them as rows.
 */
const MANIFEST = 'manifest.json';
/** Stand-in files of the other jobs that share a destination folder. */
export const otherJobFileName = (k: number): string => `OtherJob${String(k).padStart(4, '0')}_export.dat`;

/** Bytes of text gathered before a write. */
const CHUNK = 1 << 20;

export interface JobIdentity {
  scenario: string;
  seed: number;
  strategy: string;
}

export interface MaterializeStats {
  folders: number;
  /** Rows written across all operations (rows later cut or wiped included). */
  rowsWritten: number;
  /** Files written: load files, stand-ins, other jobs' files, manifests (a file written again counts again). */
  filesWritten: number;
  /** Bytes written into them. */
  bytesWritten: number;
  /** What they take on disk: each file's bytes rounded up to whole blocks of `blockBytes`. */
  diskBytes: number;
}

export interface MaterializeOptions {
  /** The load files alone: no native and image stand-ins (their paths are in the load files all the same). */
  rowsOnly: boolean;
  /** The file system's block size, for `diskBytes`. */
  blockBytes: number;
  /** Called as rows are written, with how many. */
  onRows?: (rows: number) => void;
}

const DEFAULT_OPTIONS: MaterializeOptions = { rowsOnly: false, blockBytes: 4096 };

/** The file operations a materialization makes: on the disk, or only counted (an estimate before writing). */
interface Disk {
  mkdir(dir: string): void;
  /** Creates (or empties) a file for writing. */
  open(file: string): number;
  /** Writes text at a byte offset; returns the bytes written. */
  write(fd: number, text: string, at: number): number;
  truncate(fd: number, bytes: number): void;
  close(fd: number): void;
  /** Writes a whole small file; returns its bytes. */
  writeFile(file: string, text: string): number;
  removeFolder(dir: string): void;
}

const REAL_DISK: Disk = {
  mkdir: (dir) => mkdirSync(dir, { recursive: true }),
  open: (file) => openSync(file, 'w'),
  write: (fd, text, at) => writeAt(fd, text, at),
  truncate: (fd, bytes) => ftruncateSync(fd, bytes),
  close: (fd) => closeSync(fd),
  writeFile: (file, text) => writeFile(file, text),
  removeFolder: (dir) => rmSync(dir, { recursive: true, force: true }),
};

const COUNTING_DISK: Disk = {
  mkdir: () => {},
  open: () => 0,
  write: (_fd, text) => Buffer.byteLength(text),
  truncate: () => {},
  close: () => {},
  writeFile: (_file, text) => Buffer.byteLength(text),
  removeFolder: () => {},
};

/** A name safe as a folder on any file system (scenario names of sweeps hold brackets and spaces). */
function diskName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._=,+-]+/g, '_').replace(/^\.+/, '_');
  return safe === '' ? '_' : safe;
}

/** `<root>/<scenario>/seed-<n>/<strategy>`: where one job is materialized. */
export function jobDir(root: string, id: JobIdentity): string {
  return join(root, diskName(id.scenario), `seed-${id.seed}`, diskName(id.strategy));
}

const WRITTEN_BY = 'drainsim run --materialize';

/** A job folder `run --materialize` wrote: its manifest says so. */
function isJobFolder(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { writtenBy?: unknown }).writtenBy === WRITTEN_BY;
  } catch {
    return false;
  }
}

/**
 * Refuse to replace an existing, non-empty job folder unless forced, and even then one that is
 * not a job folder drainsim wrote (no manifest of its own) or is a symbolic link.
 */
export function checkTarget(dir: string, force: boolean): void {
  const stats = lstatSync(dir, { throwIfNoEntry: false });
  if (stats === undefined) return;
  if (!stats.isDirectory()) throw new InputError({ path: '--materialize', problem: `'${dir}' is ${stats.isSymbolicLink() ? 'a symbolic link' : 'a file'}`, allowed: 'a new or empty folder (drainsim never writes through a link)' });
  if (readdirSync(dir).length === 0) return;
  if (!force) throw new InputError({ path: '--materialize', problem: `'${dir}' exists and is not empty`, allowed: 'a new or empty folder, or --force to replace it' });
  if (!isJobFolder(dir)) throw new InputError({ path: '--materialize', problem: `'${dir}' is not a job folder drainsim wrote (no ${MANIFEST} of 'run --materialize')`, allowed: 'a new or empty folder, or a job folder of run --materialize with --force' });
}

const noStats = (): MaterializeStats => ({ folders: 0, rowsWritten: 0, filesWritten: 0, bytesWritten: 0, diskBytes: 0 });

function countFile(stats: MaterializeStats, bytes: number, blockBytes: number): void {
  stats.filesWritten++;
  stats.bytesWritten += bytes;
  stats.diskBytes += Math.ceil(bytes / blockBytes) * blockBytes;
}

/** What a job's manifest.json says: which job, its final folder, its folders, how it was written. */
function manifestText(job: JobOutcome, id: JobIdentity, names: string[], layout: LayoutParams, rowsOnly: boolean): string {
  const manifest = {
    writtenBy: WRITTEN_BY,
    ...id,
    fingerprint: job.trace.fingerprint,
    finalFolder: diskName(job.finalFolder),
    folders: names,
    loadFiles: '<folder>/<folder>_export.dat (Concordance) and <folder>_export.opt (Opticon)',
    standIns: rowsOnly ? 'none (--rows-only): the load files name natives and images that were not written' : 'natives and images are small text stand-ins named and placed as IAPI would',
    ...(rowsOnly ? { rowsOnly } : {}),
    layout,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Replays every destination folder of a job into `dir` on `disk`; returns the folders' names. */
function replayJob(disk: Disk, dir: string, job: JobOutcome, pagesPerDoc: number, layout: LayoutParams, stats: MaterializeStats, options: MaterializeOptions): string[] {
  const names: string[] = [];
  for (const folder of job.iapi.folders.values()) {
    const name = diskName(folder.name);
    names.push(name);
    replay(new FolderWriter(disk, join(dir, name), name, job, pagesPerDoc, layout, stats, options), folder);
    stats.folders++;
  }
  return names;
}

/**
 * Write one job's destination folders into `dir` (built in a temporary sibling, then renamed
 * into place, so a failure leaves nothing half-written), with a manifest naming the final folder.
 * Counts what it writes into `stats`, and returns them.
 */
export function materializeJob(
  dir: string,
  job: JobOutcome,
  id: JobIdentity,
  pagesPerDoc: number,
  layout: LayoutParams = IAPI_LAYOUT,
  stats: MaterializeStats = noStats(),
  options: MaterializeOptions = DEFAULT_OPTIONS,
): MaterializeStats {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  // A new folder of its own (never one that is there already).
  const tmp = mkdtempSync(join(parent, `.${basename(dir)}.tmp-`));
  try {
    const names = replayJob(REAL_DISK, tmp, job, pagesPerDoc, layout, stats, options);
    countFile(stats, REAL_DISK.writeFile(join(tmp, MANIFEST), manifestText(job, id, names, layout, options.rowsOnly)), options.blockBytes);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    // A full disk or a read-only file system: one line naming the path (nothing is left behind).
    throw writeError((e as NodeJS.ErrnoException).path ?? dir, e);
  }
  if (existsSync(dir)) {
    // Replaced only after checkTarget: a job folder this command wrote. Renamed onto a new empty folder.
    const old = mkdtempSync(join(parent, `.${basename(dir)}.old-`));
    renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } else renameSync(tmp, dir);
  return stats;
}

/**
 * Every job folder `materializeScenario` would write for these scenarios, checked before anything
 * is written: none may exist (unless forced), and no two may share a folder (names made safe can meet).
 */
export function checkTargets(scenarios: readonly Scenario[], strategies: readonly Strategy[], root: string, force: boolean): void {
  const seen = new Map<string, string>();
  for (const sc of scenarios) {
    for (const seed of seedsOf(sc)) {
      for (const s of strategies) {
        const dir = jobDir(root, { scenario: sc.name, seed, strategy: s.id });
        const other = seen.get(dir);
        if (other !== undefined && other !== sc.name) throw new InputError({ path: '--materialize', problem: `scenarios '${other}' and '${sc.name}' would share the folder '${dir}'`, allowed: 'scenario names that differ in letters, digits or . _ = , + -' });
        seen.set(dir, sc.name);
        checkTarget(dir, force);
      }
    }
  }
}

/**
 * `simulateScenario` that also writes each (seed, strategy) job to `<root>/<scenario>/seed-<n>/<strategy>/`,
 * one job in memory at a time. Returns the same results.
 */
export function materializeScenario(
  sc: Scenario,
  strategies: readonly Strategy[],
  root: string,
  options: MaterializeOptions = DEFAULT_OPTIONS,
  layout: LayoutParams = IAPI_LAYOUT,
): { results: RunResult[]; stats: MaterializeStats } {
  const results: RunResult[] = [];
  const stats = noStats();
  for (const seed of seedsOf(sc)) {
    const world = new SeedRun(sc, seed);
    for (const s of strategies) {
      const job = world.job(s);
      const id = { scenario: sc.name, seed, strategy: s.id };
      materializeJob(jobDir(root, id), job, id, sc.files.pagesPerDoc, layout, stats, options);
      results.push(toResult(sc, seed, s, job));
    }
  }
  return { results, stats };
}

/**
 * What `materializeScenario` would write, counted by simulating every job and replaying it
 * without touching the disk: the same code path, so the figures are the ones writing gives.
 */
export function estimateScenario(sc: Scenario, strategies: readonly Strategy[], options: MaterializeOptions = DEFAULT_OPTIONS, layout: LayoutParams = IAPI_LAYOUT): MaterializeStats {
  const stats = noStats();
  const counting = { ...options, onRows: undefined };
  for (const seed of seedsOf(sc)) {
    const world = new SeedRun(sc, seed);
    for (const s of strategies) {
      const job = world.job(s);
      const names = replayJob(COUNTING_DISK, '', job, sc.files.pagesPerDoc, layout, stats, counting);
      countFile(stats, Buffer.byteLength(manifestText(job, { scenario: sc.name, seed, strategy: s.id }, names, layout, options.rowsOnly)), options.blockBytes);
    }
  }
  return stats;
}

/** Without --yes or --max-bytes, a materialization may take this much disk space. */
export const DEFAULT_MAX_DISK_BYTES = 1024 ** 3;

/** `41.2 MiB` */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

export const describeStats = (s: MaterializeStats): string =>
  `${s.rowsWritten.toLocaleString('en-US')} rows, ${s.filesWritten.toLocaleString('en-US')} files, ${formatBytes(s.bytesWritten)} (${formatBytes(s.diskBytes)} on disk)`;

/** The block size of the file system `root` is (or will be) on. */
function blockBytesAt(root: string): number {
  let dir = resolve(root);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return statfsSync(dir).bsize;
}

/**
 * Before anything is written: what the materialization of these scenarios will write (every job
 * simulated and counted, `estimateScenario`), refused when it takes more disk space than
 * `maxBytes` (null: no limit). Returns the options to write with and the estimate.
 */
export function planMaterialization(
  scenarios: readonly Scenario[],
  strategies: readonly Strategy[],
  root: string,
  rowsOnly: boolean,
  maxBytes: number | null,
): { options: MaterializeOptions; estimate: MaterializeStats } {
  const options: MaterializeOptions = { rowsOnly, blockBytes: blockBytesAt(root) };
  const estimate = noStats();
  for (const sc of scenarios) {
    const s = estimateScenario(sc, strategies, options);
    for (const key of Object.keys(estimate) as (keyof MaterializeStats)[]) estimate[key] += s[key];
  }
  if (maxBytes !== null && estimate.diskBytes > maxBytes) {
    throw new InputError({
      file: root,
      path: '--materialize',
      problem: `would write ${describeStats(estimate)}`,
      allowed: `at most ${formatBytes(maxBytes)} on disk; --yes writes it all the same, --max-bytes <size> sets the limit${rowsOnly ? '' : ', --rows-only writes the load files without natives and images'}, and --runs or --strategy make it smaller`,
    });
  }
  return { options, estimate };
}

/**
 * `run --materialize` of a scenario file's scenarios: every target checked and what will be
 * written counted before the first file is written (refused above `maxBytes` on disk), then each
 * scenario materialized with its progress on `log`. Returns each scenario's results.
 */
export function materializeScenarios(
  file: string,
  scenarios: readonly Scenario[],
  strategies: readonly Strategy[],
  root: string,
  how: { force: boolean; rowsOnly: boolean; maxBytes: number | null },
  log: (line: string) => void,
): RunResult[][] {
  checkTargets(scenarios, strategies, root, how.force);
  // A bound met as the jobs run is the scenario file's.
  const { options, estimate } = inFile(file, () => planMaterialization(scenarios, strategies, root, how.rowsOnly, how.maxBytes));
  log(`materialize: ${describeStats(estimate)} to write into ${root}`);
  const progress = new Progress(estimate.rowsWritten, 0, null, log, { what: 'materialize', unit: 'rows' });
  try {
    return scenarios.map((sc) => {
      const { results, stats } = inFile(file, () => materializeScenario(sc, strategies, root, { ...options, onRows: (n) => progress.tick(n) }));
      progress.note(`materialized ${sc.name}: ${results.length} jobs, ${stats.folders} destination folders, ${describeStats(stats)}, in ${root}`);
      return results;
    });
  } finally {
    progress.stop();
  }
}

function replay(w: FolderWriter, folder: DestinationFolder): void {
  // Only cleanups change the other jobs' files: the folder held what they removed plus what is left.
  w.otherJobsFiles(folder.otherFiles + removedBy(folder));
  for (const op of folder.ops) {
    if (op.kind === 'create') w.create();
    else if (op.kind === 'append') w.append(op.from, op.to);
    else if (op.kind === 'files') w.files(op.from, op.to);
    else if (op.kind === 'truncate') w.truncate(op.rows);
    else w.clean();
  }
  w.close();
  if (w.rows !== folder.rows) throw new Error(`materialize: folder ${folder.name} has ${w.rows} rows on disk, the model ${folder.rows}`);
}

/** Other jobs' files an overwrite cleanup of the folder removed. */
function removedBy(folder: DestinationFolder): number {
  return folder.ops.reduce((s, op) => s + (op.kind === 'clean' ? op.otherFiles : 0), 0);
}

/** One destination folder on disk, driven by the model's folder operations. */
class FolderWriter {
  rows = 0;
  private dat = -1;
  private opt = -1;
  private datEnd = 0;
  private optEnd = 0;
  /** Byte ends of the `.dat` and `.opt` at each row count an operation left: where a truncation cuts. */
  private ends = new Map<number, [number, number]>();
  private readonly dirs = new Set<string>();
  private readonly layout: VolumeLayout;
  private run = -1;

  constructor(
    private readonly disk: Disk,
    private readonly dir: string,
    private readonly prefix: string,
    private readonly job: JobOutcome,
    private readonly pages: number,
    layout: LayoutParams,
    private readonly stats: MaterializeStats,
    private readonly options: MaterializeOptions,
  ) {
    this.layout = new VolumeLayout(layout);
  }

  /** The folder as the job found it: other jobs' files already in it. */
  otherJobsFiles(count: number): void {
    this.disk.mkdir(this.dir);
    for (let k = 1; k <= count; k++) this.standIn('', otherJobFileName(k), 'drainsim stand-in for a file of another job exporting to this folder\n');
  }

  /** The load files created anew (an existing one is replaced); the documents' files stay. */
  create(): void {
    this.close();
    this.ends.clear();
    this.disk.mkdir(this.dir);
    this.dat = this.disk.open(join(this.dir, `${this.prefix}_export.dat`));
    this.datEnd = this.disk.write(this.dat, UTF8_BOM + concordanceRow(DAT_COLUMNS), 0);
    if (this.pages > 0) this.opt = this.disk.open(join(this.dir, `${this.prefix}_export.opt`));
    this.optEnd = 0;
    this.rows = 0;
    this.ends.set(0, [this.datEnd, this.optEnd]);
  }

  /** Files of history rows [from, to) downloaded into the folder; their batch never wrote the rows. */
  files(from: number, to: number): void {
    for (let i = from; i < to; i++) this.documentFiles(i);
  }

  /**
   * The native and image stand-ins of history row `i`, placed by IAPI's volume layout: each export
   * run starts its volume and subdirectory counters afresh. Returns where they went and the control number.
   */
  private documentFiles(i: number): { at: ReturnType<VolumeLayout['place']>; control: string; native: string } {
    const { job, pages, layout } = this;
    const h = job.iapi.history;
    const { source } = job;
    if (h.run[i] !== this.run) {
      this.run = h.run[i];
      layout.reset();
    }
    const r = h.record[i];
    const control = controlNumber(source.artifactId(r));
    // The bytes of the document's files, as the model costs them: seconds = 1/docsPerSecond + bytes/rate.
    const perDoc = 1 / source.cost.docsPerSecond;
    const at = layout.place(1, pages, Math.max(0, (source.seconds[r] - perDoc) * source.cost.files.bytesPerSecond));
    const native = nativeFileName(control);
    if (this.options.rowsOnly) return { at, control, native };
    this.standIn(at.nativeDir, native, nativeStandIn(control));
    for (let p = 1; p <= pages; p++) {
      const bates = pageBates(control, p);
      this.standIn(at.imageDir, imageFileName(bates), imageStandIn(bates));
    }
    return { at, control, native };
  }

  /** History rows [from, to) written to the load files, each with its files. */
  append(from: number, to: number): void {
    const { job, pages } = this;
    const h = job.iapi.history;
    const { source } = job;
    const sortKey = source.orderKind === 'sort-key';
    let dat = '';
    let opt = '';
    let rows = 0;
    for (let i = from; i < to; i++) {
      const id = source.artifactId(h.record[i]);
      const { at, control, native } = this.documentFiles(i);
      dat += concordanceRow([control, String(id), String(h.version[i]), sortKey ? String(h.keyOf(i)) : '', extractedText(id), tags(id), relativeLoadFilePath(at.nativeDir, native)]);
      for (let p = 1; p <= pages; p++) {
        const bates = pageBates(control, p);
        opt += opticonLine(bates, at.volume, relativeLoadFilePath(at.imageDir, imageFileName(bates)), p === 1, pages);
      }
      rows++;
      if (dat.length + opt.length > CHUNK) {
        this.write(dat, opt, rows);
        dat = '';
        opt = '';
        rows = 0;
      }
    }
    this.write(dat, opt, rows);
    this.rows += to - from;
    this.stats.rowsWritten += to - from;
    this.ends.set(this.rows, [this.datEnd, this.optEnd]);
  }

  /** RestoreState: both load files cut back to where they ended at `rows` rows. */
  truncate(rows: number): void {
    const end = this.ends.get(rows);
    if (end === undefined) throw new Error(`materialize: no byte offset recorded for ${rows} rows in ${this.dir}`);
    [this.datEnd, this.optEnd] = end;
    this.disk.truncate(this.dat, this.datEnd);
    if (this.opt >= 0) this.disk.truncate(this.opt, this.optEnd);
    this.rows = rows;
    for (const n of this.ends.keys()) if (n > rows) this.ends.delete(n);
  }

  /** Overwrite with `overwrite: folder`: the whole destination folder is cleaned, other jobs' files included. */
  clean(): void {
    this.close();
    this.disk.removeFolder(this.dir);
    this.disk.mkdir(this.dir);
    this.dirs.clear();
    this.ends.clear();
    this.rows = 0;
  }

  /** Closes the load files, counting them at the length they have then. */
  close(): void {
    if (this.dat >= 0) {
      this.disk.close(this.dat);
      countFile(this.stats, this.datEnd, this.options.blockBytes);
    }
    if (this.opt >= 0) {
      this.disk.close(this.opt);
      countFile(this.stats, this.optEnd, this.options.blockBytes);
    }
    this.dat = -1;
    this.opt = -1;
  }

  private write(dat: string, opt: string, rows: number): void {
    if (dat !== '') this.datEnd += this.disk.write(this.dat, dat, this.datEnd);
    if (opt !== '') this.optEnd += this.disk.write(this.opt, opt, this.optEnd);
    if (rows > 0) this.options.onRows?.(rows);
  }

  /** A small file (a native or image stand-in) at `sub/name`; an existing one is replaced, as with Overwrite. */
  private standIn(sub: string, name: string, content: string): void {
    const dir = sub === '' ? this.dir : join(this.dir, sub);
    if (sub !== '' && !this.dirs.has(sub)) {
      this.disk.mkdir(dir);
      this.dirs.add(sub);
    }
    countFile(this.stats, this.disk.writeFile(join(dir, name), content), this.options.blockBytes);
  }
}

/** Writes all of `text` at `position` (short writes looped over); returns its bytes. */
function writeAt(fd: number, text: string, position: number): number {
  const bytes = Buffer.from(text, 'utf8');
  writeAll(fd, bytes, position);
  return bytes.length;
}

/** A whole small file, replacing one of the same name (a stand-in written again after an overwrite); returns its bytes. */
function writeFile(path: string, text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, bytes);
  } finally {
    closeSync(fd);
  }
  return bytes.length;
}
