import * as fs from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';

/**
 * The file-system calls drainsim writes its outputs with. A seam for tests: they swap in short
 * writes or a full disk (`injectWriteCalls`) where no small file system can be mounted.
 */
export interface WriteCalls {
  openSync: (path: string, flags: string) => number;
  writeSync: (fd: number, data: Uint8Array, offset: number, length: number, position: number | null) => number;
  fsyncSync: (fd: number) => void;
  closeSync: (fd: number) => void;
  renameSync: (from: string, to: string) => void;
}

const REAL_CALLS: WriteCalls = {
  openSync: (path, flags) => fs.openSync(path, flags),
  writeSync: (fd, data, offset, length, position) => fs.writeSync(fd, data, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
};

let calls: WriteCalls = REAL_CALLS;

/** Tests only: replaces some of the write calls until the returned function is called. */
export function injectWriteCalls(replacement: Partial<WriteCalls>): () => void {
  calls = { ...REAL_CALLS, ...replacement };
  return () => {
    calls = REAL_CALLS;
  };
}

/** What a failed write means, in words, by its error code. */
const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large for the file system',
  EROFS: 'the file system is read-only',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'its folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'a file of that name is in the way',
  ENAMETOOLONG: 'the file name is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'an input/output error of the device',
};

/**
 * A failed file-system call on an output as one line naming the path and the cause (exit code 2):
 * a full disk, a read-only file system or a folder in the way is the user's to fix, not a bug.
 * Errors without a code (bugs) pass through unchanged.
 */
export function writeError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return error;
  return new InputError({ file: path, problem: `cannot be written: ${WRITE_ERRORS[code] ?? 'the file system refused it'} (${code})` });
}

/**
 * Writes all of `bytes` to `fd` (at `position` in the file, or where it stands), looping over
 * short writes (a write may take only part of them).
 */
export function writeAll(fd: number, bytes: Uint8Array, position: number | null = null): void {
  for (let at = 0; at < bytes.length; ) {
    const n = calls.writeSync(fd, bytes, at, bytes.length - at, position === null ? null : position + at);
    // A write that takes nothing would loop forever: the device is full.
    if (n <= 0) throw Object.assign(new Error('a write took no bytes'), { code: 'ENOSPC' });
    at += n;
  }
}

/** Flushes a file to the device (write errors of a full disk can surface only here). */
export function syncFile(fd: number): void {
  calls.fsyncSync(fd);
}

/** The temporary name a whole-file write goes to first: a sibling, so the rename stays on one file system. */
export function temporaryName(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/**
 * Write a file whole or not at all: a new temporary file in the same folder (never one that is
 * there already), every byte written (text given in parts is written part by part) and flushed,
 * then renamed over. On any error the temporary
 * file is removed and the error becomes one line naming the path and the cause; the final name
 * never holds a truncated file.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>): void {
  const tmp = temporaryName(path);
  adoptFile(tmp, true);
  adoptFile(path);
  let fd: number;
  try {
    fd = calls.openSync(tmp, 'wx');
  } catch (e) {
    // EEXIST: another writer's temporary file, or one a kill left behind; never written over.
    throw writeError((e as NodeJS.ErrnoException).code === 'EEXIST' ? tmp : path, e);
  }
  try {
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) writeAll(fd, typeof data === 'string' ? Buffer.from(data) : data);
      else for (const part of data) writeAll(fd, Buffer.from(part));
      syncFile(fd);
    } finally {
      calls.closeSync(fd);
    }
    calls.renameSync(tmp, path);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw writeError(path, e);
  }
}

/**
 * A folder that keeps a record of the files drainsim wrote in it (an output folder it claimed,
 * output-folder.ts). Every file written under it is recorded before it is created, and only
 * recorded files are ever replaced or removed.
 */
export interface FileOwner {
  /** Whether `path` (absolute) lies in the folder. */
  holds(path: string): boolean;
  /** Records `path` as drainsim's before it is created; refuses one that exists and is not. */
  adopt(path: string, temporary: boolean): void;
  /** Removes `path` if drainsim wrote it (never through a link); leaves anything else alone. */
  remove(path: string): void;
}

const owners: FileOwner[] = [];

export function registerOwner(owner: FileOwner): void {
  owners.push(owner);
}

export function unregisterOwner(owner: FileOwner): void {
  const at = owners.indexOf(owner);
  if (at >= 0) owners.splice(at, 1);
}

function ownerOf(path: string): FileOwner | undefined {
  const absolute = resolve(path);
  return owners.find((o) => o.holds(absolute));
}

/** Records a file about to be created or appended to in a claimed folder (no-op elsewhere). */
export function adoptFile(path: string, temporary = false): void {
  ownerOf(path)?.adopt(resolve(path), temporary);
}

/** Removes a file of a claimed folder that drainsim wrote; outside a claimed folder nothing is removed. */
export function removeOwnedFile(path: string): void {
  ownerOf(path)?.remove(resolve(path));
}
