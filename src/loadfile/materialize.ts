import { closeSync, existsSync, ftruncateSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
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

/**
 * `run --materialize`: the destination folders of a simulated job written as the export left
 * them on the file share. Each folder's operations are replayed in order: create writes the
 * header, an append streams its rows (and the stand-in native and image files of each row), a
 * truncation (IAPI's RestoreState) cuts the `.dat` and `.opt` back to the byte offsets of the
 * last saved batch, and an overwrite cleanup removes the whole folder, other jobs' files
 * included. The rows come from the model's row history, so nothing is invented on the way.
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
  /** Files written: load files, stand-ins, other jobs' files. */
  filesWritten: number;
}

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

const noStats = (): MaterializeStats => ({ folders: 0, rowsWritten: 0, filesWritten: 0 });

/**
 * Write one job's destination folders into `dir` (built in a temporary sibling, then renamed
 * into place, so a failure leaves nothing half-written), with a manifest naming the final folder.
 * Counts what it writes into `stats`, and returns them.
 */
export function materializeJob(dir: string, job: JobOutcome, id: JobIdentity, pagesPerDoc: number, layout: LayoutParams = IAPI_LAYOUT, stats: MaterializeStats = noStats()): MaterializeStats {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  // A new folder of its own (never one that is there already).
  const tmp = mkdtempSync(join(parent, `.${basename(dir)}.tmp-`));
  try {
    const names: string[] = [];
    for (const folder of job.iapi.folders.values()) {
      const name = diskName(folder.name);
      names.push(name);
      replay(new FolderWriter(join(tmp, name), name, job, pagesPerDoc, layout, stats), folder);
      stats.folders++;
    }
    const manifest = {
      writtenBy: WRITTEN_BY,
      ...id,
      fingerprint: job.trace.fingerprint,
      finalFolder: diskName(job.finalFolder),
      folders: names,
      loadFiles: '<folder>/<folder>_export.dat (Concordance) and <folder>_export.opt (Opticon)',
      standIns: 'natives and images are small text stand-ins named and placed as IAPI would',
      layout,
    };
    writeFile(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    stats.filesWritten++;
    if (existsSync(dir)) {
      // Replaced only after checkTarget: a job folder this command wrote. Renamed onto a new empty folder.
      const old = mkdtempSync(join(parent, `.${basename(dir)}.old-`));
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    // A full disk or a read-only file system: one line naming the path (nothing is left behind).
    throw writeError((e as NodeJS.ErrnoException).path ?? dir, e);
  }
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
export function materializeScenario(sc: Scenario, strategies: readonly Strategy[], root: string, layout: LayoutParams = IAPI_LAYOUT): { results: RunResult[]; stats: MaterializeStats } {
  const results: RunResult[] = [];
  const stats = noStats();
  for (const seed of seedsOf(sc)) {
    const world = new SeedRun(sc, seed);
    for (const s of strategies) {
      const job = world.job(s);
      const id = { scenario: sc.name, seed, strategy: s.id };
      materializeJob(jobDir(root, id), job, id, sc.files.pagesPerDoc, layout, stats);
      results.push(toResult(sc, seed, s, job, world.baselineBusySeconds()));
    }
  }
  return { results, stats };
}

function replay(w: FolderWriter, folder: DestinationFolder): void {
  // Only cleanups change the other jobs' files: the folder held what they removed plus what is left.
  w.otherJobsFiles(folder.otherFiles + removedBy(folder));
  for (const op of folder.ops) {
    if (op.kind === 'create') w.create();
    else if (op.kind === 'append') w.append(op.from, op.to);
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
    private readonly dir: string,
    private readonly prefix: string,
    private readonly job: JobOutcome,
    private readonly pages: number,
    layout: LayoutParams,
    private readonly stats: MaterializeStats,
  ) {
    this.layout = new VolumeLayout(layout);
  }

  /** The folder as the job found it: other jobs' files already in it. */
  otherJobsFiles(count: number): void {
    mkdirSync(this.dir, { recursive: true });
    for (let k = 1; k <= count; k++) this.standIn('', otherJobFileName(k), 'drainsim stand-in for a file of another job exporting to this folder\n');
  }

  create(): void {
    mkdirSync(this.dir, { recursive: true });
    this.dat = openSync(join(this.dir, `${this.prefix}_export.dat`), 'w');
    this.datEnd = writeAt(this.dat, UTF8_BOM + concordanceRow(DAT_COLUMNS), 0);
    this.stats.filesWritten++;
    if (this.pages > 0) {
      this.opt = openSync(join(this.dir, `${this.prefix}_export.opt`), 'w');
      this.stats.filesWritten++;
    }
    this.optEnd = 0;
    this.rows = 0;
    this.ends.set(0, [this.datEnd, this.optEnd]);
  }

  /** History rows [from, to) written to the load files, each with its files. */
  append(from: number, to: number): void {
    const { job, pages, layout } = this;
    const h = job.iapi.history;
    const { source } = job;
    const sortKey = source.orderKind === 'sort-key';
    const perDoc = 1 / source.cost.docsPerSecond;
    const rate = source.cost.files.bytesPerSecond;
    let dat = '';
    let opt = '';
    for (let i = from; i < to; i++) {
      // Each export run starts its volume and subdirectory counters afresh.
      if (h.run[i] !== this.run) {
        this.run = h.run[i];
        layout.reset();
      }
      const r = h.record[i];
      const id = source.artifactId(r);
      const control = controlNumber(id);
      // The bytes of the document's files, as the model costs them: seconds = 1/docsPerSecond + bytes/rate.
      const at = layout.place(1, pages, Math.max(0, (source.seconds[r] - perDoc) * rate));
      const native = nativeFileName(control);
      dat += concordanceRow([control, String(id), String(h.version[i]), sortKey ? String(h.key[i]) : '', extractedText(id), tags(id), relativeLoadFilePath(at.nativeDir, native)]);
      this.standIn(at.nativeDir, native, nativeStandIn(control));
      for (let p = 1; p <= pages; p++) {
        const bates = pageBates(control, p);
        const image = imageFileName(bates);
        opt += opticonLine(bates, at.volume, relativeLoadFilePath(at.imageDir, image), p === 1, pages);
        this.standIn(at.imageDir, image, imageStandIn(bates));
      }
      if (dat.length + opt.length > CHUNK) {
        this.write(dat, opt);
        dat = '';
        opt = '';
      }
    }
    this.write(dat, opt);
    this.rows += to - from;
    this.stats.rowsWritten += to - from;
    this.ends.set(this.rows, [this.datEnd, this.optEnd]);
  }

  /** RestoreState: both load files cut back to where they ended at `rows` rows. */
  truncate(rows: number): void {
    const end = this.ends.get(rows);
    if (end === undefined) throw new Error(`materialize: no byte offset recorded for ${rows} rows in ${this.dir}`);
    [this.datEnd, this.optEnd] = end;
    ftruncateSync(this.dat, this.datEnd);
    if (this.opt >= 0) ftruncateSync(this.opt, this.optEnd);
    this.rows = rows;
    for (const n of this.ends.keys()) if (n > rows) this.ends.delete(n);
  }

  /** Overwrite: IAPI cleans the whole destination folder, other jobs' files included. */
  clean(): void {
    this.close();
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir);
    this.dirs.clear();
    this.ends.clear();
    this.rows = 0;
  }

  close(): void {
    if (this.dat >= 0) closeSync(this.dat);
    if (this.opt >= 0) closeSync(this.opt);
    this.dat = -1;
    this.opt = -1;
  }

  private write(dat: string, opt: string): void {
    if (dat !== '') this.datEnd += writeAt(this.dat, dat, this.datEnd);
    if (opt !== '') this.optEnd += writeAt(this.opt, opt, this.optEnd);
  }

  /** A small file (a native or image stand-in) at `sub/name`; an existing one is replaced, as with Overwrite. */
  private standIn(sub: string, name: string, content: string): void {
    const dir = sub === '' ? this.dir : join(this.dir, sub);
    if (sub !== '' && !this.dirs.has(sub)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(sub);
    }
    writeFile(join(dir, name), content);
    this.stats.filesWritten++;
  }
}

/** Writes all of `text` at `position` (short writes looped over); returns its bytes. */
function writeAt(fd: number, text: string, position: number): number {
  const bytes = Buffer.from(text, 'utf8');
  writeAll(fd, bytes, position);
  return bytes.length;
}

/** A whole small file, replacing one of the same name (a stand-in written again after an overwrite). */
function writeFile(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
  } finally {
    closeSync(fd);
  }
}
