import { closeSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { registerOwner, syncFile, unregisterOwner, writeAll, writeError, writeFileAtomic, type FileOwner } from './atomic.js';

/**
 * An output folder drainsim writes into (`suite --out`, `merge --out`, the suite folder `decide`
 * writes its decision into). Two promises rest on it:
 *
 * - Only its own files: every file drainsim creates there is first recorded in `.drainsim-files`
 *   (temporary files too), and only recorded files are ever replaced or removed, never through a
 *   symbolic link, never by a pattern of names. A file of the user's under a name drainsim wants is
 *   refused with one line, not written over.
 * - One writer: `.drainsim-lock` (pid and host) keeps a second drainsim out of a folder in use; a
 *   lock whose process is gone (same host, pid not running) is stale and taken over.
 */
export const FILE_LIST = '.drainsim-files';
export const LOCK = '.drainsim-lock';

const LIST_HEADER = '# drainsim: the files it wrote in this folder; it never replaces or removes any other file here';
/** A file list longer than this is not one drainsim wrote (a suite folder holds a few hundred files). */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

type Kind = 'file' | 'tmp';

/** What the caller will write: files and folders directly in the output folder, checked before any work starts. */
export interface Outputs {
  files: readonly string[];
  folders: readonly string[];
}

const lstat = (path: string): Stats | undefined => lstatSync(path, { throwIfNoEntry: false });

/**
 * The folder given (`--out`, or decide's suite folder): never empty, never a symbolic link
 * (drainsim does not write through links), a folder if it exists. `option`: the option that named
 * it, if any, for messages.
 */
function checkOutPath(out: string, option: string | undefined, allowed: string): Stats | undefined {
  const where = option === undefined ? { file: out } : { path: `${option} ${out}` };
  if (out === '') throw new InputError({ path: option, problem: 'an empty folder name', allowed });
  const stats = withErrors(out, () => lstat(out));
  if (stats?.isSymbolicLink()) throw new InputError({ ...where, problem: 'is a symbolic link', allowed: `${allowed} (drainsim never writes through a link: give the folder itself)` });
  if (stats && !stats.isDirectory()) throw new InputError({ ...where, problem: 'not a folder', allowed });
  return stats;
}

function withErrors<T>(path: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    throw writeError(path, e);
  }
}

export class OutputFolder implements FileOwner {
  readonly dir: string;
  private readonly files = new Map<string, Kind>();
  private list = -1;
  private open = true;

  private constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /**
   * Claims `out` for a new suite or merge: a new or empty folder, or with `force` a folder whose
   * files drainsim wrote are removed first (anything else in it stays). Locked until `close`.
   */
  static claim(out: string, force: boolean, outputs: Outputs, command: string, whenNotEmpty = '--resume to finish the suite in it, --force to replace its suite and report, or a new folder'): OutputFolder {
    const allowed = 'a new or empty folder, or a suite folder with --force';
    if (!checkOutPath(out, '--out', allowed)) withErrors(out, () => mkdirSync(out, { recursive: true }));
    const folder = new OutputFolder(out);
    return folder.start(command, () => {
      folder.removeLeftovers();
      const others = withErrors(out, () => readdirSync(out)).filter((name) => name !== LOCK && name !== FILE_LIST);
      if (others.length > 0) {
        if (!force) throw new InputError({ path: `--out ${out}`, problem: 'the folder exists and is not empty', allowed: whenNotEmpty });
        // Every path checked before the first file goes: a link in the way refuses the whole --force.
        for (const rel of folder.files.keys()) folder.checkParents(rel);
        for (const rel of [...folder.files.keys()]) folder.remove(join(folder.dir, rel));
      }
      folder.files.clear();
      folder.rewriteList();
      folder.checkFree(outputs);
    });
  }

  /**
   * Opens an existing output folder to write more into it (`suite --resume`, `decide`): locked
   * until `close`; temporary files a killed drainsim left there are removed.
   */
  static reopen(dir: string, outputs: Outputs, command: string, option: string | undefined, allowed: string): OutputFolder {
    if (!checkOutPath(dir, option, allowed)) throw new InputError({ file: dir, problem: 'no such folder', allowed });
    const folder = new OutputFolder(dir);
    return folder.start(command, () => {
      folder.removeLeftovers();
      folder.rewriteList();
      folder.checkFree(outputs);
    });
  }

  private start(command: string, prepare: () => void): this {
    acquireLock(this.dir, command);
    try {
      this.readList();
      this.openList();
      registerOwner(this);
      prepare();
    } catch (e) {
      this.close();
      throw e;
    }
    return this;
  }

  holds(path: string): boolean {
    return path.startsWith(this.dir + sep);
  }

  /** Whether drainsim wrote `rel` (relative to the folder, `/` between folders). */
  owns(rel: string): boolean {
    return this.files.get(rel) === 'file';
  }

  adopt(path: string, temporary: boolean): void {
    const rel = this.relative(path);
    if (this.files.has(rel) || rel === FILE_LIST) return;
    this.checkParents(rel);
    if (lstat(path)) throw notOurs(path);
    this.files.set(rel, temporary ? 'tmp' : 'file');
    this.appendList(`${temporary ? 'tmp' : 'file'}\t${rel}\n`);
  }

  remove(path: string): void {
    const rel = this.relative(path);
    if (!this.files.has(rel)) return;
    this.checkParents(rel);
    if (lstat(path)?.isFile()) withErrors(path, () => unlinkSync(path));
    this.files.delete(rel);
  }

  /**
   * Ends the writing: the file list keeps only the files that are there (sorted, so it is the same
   * however the folder was written), then the lock is released. Never throws: should the list not
   * be rewritten (a full disk), the list as appended still names every file drainsim wrote.
   */
  close(): void {
    if (!this.open) return;
    this.open = false;
    try {
      if (this.list >= 0) this.rewriteList();
    } catch {
      // the appended list stands
    } finally {
      if (this.list >= 0) closeSync(this.list);
      unregisterOwner(this);
      releaseLock(this.dir);
    }
  }

  private relative(path: string): string {
    const rel = relative(this.dir, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('../') || isAbsolute(rel)) throw new Error(`unreachable: ${path} is not in ${this.dir}`);
    return rel;
  }

  /** Every folder between the output folder and a file must be a real folder: a link could lead out of it. */
  private checkParents(rel: string): void {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const path = join(this.dir, ...parts.slice(0, i));
      const stats = lstat(path);
      if (stats && !stats.isDirectory()) throw new InputError({ file: path, problem: stats.isSymbolicLink() ? 'is a symbolic link' : 'is a file', allowed: 'a folder drainsim can write its files into (it never writes through a link)' });
    }
  }

  /** Outputs that are there and not drainsim's are refused before any work starts. */
  private checkFree(outputs: Outputs): void {
    for (const name of outputs.folders) this.checkParents(`${name}/-`);
    for (const name of outputs.files) if (!this.owns(name) && lstat(join(this.dir, name))) throw notOurs(join(this.dir, name));
  }

  /** Temporary files a killed drainsim left (listed ones only) are removed. */
  private removeLeftovers(): void {
    for (const [rel, kind] of [...this.files]) if (kind === 'tmp') this.remove(join(this.dir, rel));
  }

  /**
   * Reads the file list. What a kill can leave is taken as it is: a list cut inside its first line
   * (it names nothing yet) and a last entry without its line break (its file was not created yet:
   * an entry is flushed before its file is made).
   */
  private readList(): void {
    const path = join(this.dir, FILE_LIST);
    const stats = lstat(path);
    if (stats === undefined) return;
    const bad = (problem: string) => new InputError({ file: path, problem, allowed: `the list of its files drainsim keeps (if in doubt, move it away: drainsim then owns nothing in the folder)` });
    if (!stats.isFile()) throw bad('not a regular file');
    if (stats.size > MAX_LIST_BYTES) throw bad(`${stats.size} bytes`);
    const text = withErrors(path, () => readFileSync(path, 'utf8'));
    if (`${LIST_HEADER}\n`.startsWith(text)) return;
    const lines = text.split('\n');
    if (lines[0] !== LIST_HEADER) throw bad('not a drainsim file list (its first line)');
    lines.pop(); // '' after the last line break, or an entry a kill cut
    for (const [i, line] of lines.slice(1).entries()) {
      const m = /^(file|tmp)\t(.+)$/.exec(line);
      const rel = m?.[2] ?? '';
      // A temporary file is always named so: a list cannot make drainsim remove another file as one.
      if (!m || !isPlainRelative(rel) || (m[1] === 'tmp' && !/\.tmp-\d+$/.test(rel))) throw bad(`line ${i + 2} is not a file of the folder`);
      this.files.set(rel, m[1] as Kind);
    }
  }

  /** Opens the list for appending; a new list (or one a kill cut inside its first line) is made with its first line. */
  private openList(): void {
    const path = join(this.dir, FILE_LIST);
    withErrors(path, () => {
      const stats = lstat(path);
      if (stats === undefined || stats.size <= LIST_HEADER.length) {
        const fd = openSync(path, stats === undefined ? 'wx' : 'w');
        try {
          writeAll(fd, Buffer.from(`${LIST_HEADER}\n`));
          syncFile(fd);
        } finally {
          closeSync(fd);
        }
      }
      this.list = openSync(path, 'a');
    });
  }

  private rewriteList(): void {
    const kept = [...this.files].filter(([rel]) => lstat(join(this.dir, rel))?.isFile()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.files.clear();
    for (const [rel, kind] of kept) this.files.set(rel, kind);
    const path = join(this.dir, FILE_LIST);
    // Its temporary file is recorded in the list it replaces.
    writeFileAtomic(path, [LIST_HEADER, ...kept.map(([rel, kind]) => `${kind}\t${rel}`), ''].join('\n'));
    closeSync(this.list);
    this.list = -1;
    this.list = withErrors(path, () => openSync(path, 'a'));
  }

  private appendList(line: string): void {
    const path = join(this.dir, FILE_LIST);
    withErrors(path, () => {
      writeAll(this.list, Buffer.from(line));
      syncFile(this.list);
    });
  }
}

/** A path the file list may hold: relative, inside the folder, no empty, `.` or `..` parts. */
function isPlainRelative(rel: string): boolean {
  return !rel.includes('\0') && !isAbsolute(rel) && rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

function notOurs(path: string): InputError {
  return new InputError({ file: path, problem: `is there and drainsim did not write it (it is not in ${FILE_LIST})`, allowed: 'move it away, or choose another --out: drainsim never replaces a file it did not write' });
}

// ---------------------------------------------------------------------------------------------
// The lock.

interface LockHolder {
  pid: number;
  host: string;
  command: string;
}

function readLock(path: string): LockHolder | 'unreadable' | null {
  let text: string;
  try {
    const stats = lstat(path);
    if (stats === undefined) return null;
    if (!stats.isFile() || stats.size > 4096) return 'unreadable';
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'unreadable';
  }
  try {
    const held = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(held.pid) && (held.pid as number) > 0 && typeof held.host === 'string' && typeof held.command === 'string') return held as LockHolder;
  } catch {
    // unreadable
  }
  return 'unreadable';
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const sameHolder = (a: LockHolder | 'unreadable' | null, b: LockHolder) => a !== null && a !== 'unreadable' && a.pid === b.pid && a.host === b.host && a.command === b.command;

/**
 * Takes the folder's lock: created only if absent (O_EXCL). A lock of a process that is gone (same
 * host, pid not running) is moved away and taken over; the move is checked, so of two drainsims
 * finding the same stale lock only one gets the folder.
 */
function acquireLock(dir: string, command: string): void {
  const path = join(dir, LOCK);
  const me: LockHolder = { pid: process.pid, host: hostname(), command };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(path, e);
      const held = readLock(path);
      if (held === null) continue;
      if (held === 'unreadable') throw new InputError({ file: path, problem: 'a lock file drainsim cannot read', allowed: 'if no drainsim is writing this folder, delete the lock file' });
      if (held.host !== me.host || running(held.pid)) {
        throw new InputError({ file: dir, problem: `in use by 'drainsim ${held.command}' (pid ${held.pid} on ${held.host})`, allowed: `one drainsim writing a folder at a time: wait for it to end (if that process is gone, delete ${path})` });
      }
      const stale = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, stale);
      } catch {
        continue; // another drainsim moved it first
      }
      if (!sameHolder(readLock(stale), held)) {
        // Moved a fresh lock that replaced the stale one meanwhile: put it back unless another is there.
        try {
          linkSync(stale, path);
        } catch {
          // a third lock is in place; ours to retry against
        }
      }
      unlinkSync(stale);
      continue;
    }
    try {
      writeAll(fd, Buffer.from(`${JSON.stringify(me)}\n`));
      syncFile(fd);
    } finally {
      closeSync(fd);
    }
    return;
  }
  throw new InputError({ file: path, problem: 'the lock changed hands too often to be taken', allowed: 'one drainsim writing a folder at a time' });
}

function releaseLock(dir: string): void {
  const path = join(dir, LOCK);
  const held = readLock(path);
  if (held !== null && held !== 'unreadable' && held.pid === process.pid && held.host === hostname()) unlinkSync(path);
}
