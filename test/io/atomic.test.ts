import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { injectWriteCalls, writeFileAtomic } from '../../src/io/atomic.js';
import { inputErrorOf } from '../helpers.js';
import { CAN_MOUNT_TMPFS, mountTinyTmpfs } from '../tmpfs.js';

const dir = () => mkdtempSync(join(tmpdir(), 'drainsim-atomic-'));
const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
let restore = () => {};
afterEach(() => restore());

describe('writeFileAtomic', () => {
  it('loops over short writes: the whole text arrives', () => {
    const d = dir();
    restore = injectWriteCalls({ writeSync: (fd, data, offset, length) => fs.writeSync(fd, data, offset, Math.min(length, 7)) });
    const text = 'a report of some length, longer than seven bytes\n'.repeat(50);
    writeFileAtomic(join(d, 'report.md'), text);
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toBe(text);
    expect(readdirSync(d)).toEqual(['report.md']);
  });

  it('disk full (ENOSPC) mid-file: one line naming the path and the cause, the old file kept, no temporary file left', () => {
    const d = dir();
    const path = join(d, 'report.html');
    writeFileSync(path, 'the report of yesterday');
    let written = 0;
    restore = injectWriteCalls({
      writeSync: (fd, data, offset, length) => {
        if (written >= 4096) throw errno('ENOSPC');
        const n = fs.writeSync(fd, data, offset, Math.min(length, 4096 - written));
        written += n;
        return n;
      },
    });
    const e = inputErrorOf(() => writeFileAtomic(path, 'x'.repeat(45_056 * 2)));
    expect(e.message).toBe(`${path}: cannot be written: no space left on the device (ENOSPC)`);
    expect(readFileSync(path, 'utf8')).toBe('the report of yesterday');
    expect(readdirSync(d)).toEqual(['report.html']);
  });

  it('a write that takes no bytes is a full disk, not an endless loop', () => {
    const d = dir();
    restore = injectWriteCalls({ writeSync: () => 0 });
    expect(inputErrorOf(() => writeFileAtomic(join(d, 'a.png'), 'data')).message).toMatch(/a\.png: cannot be written: no space left on the device \(ENOSPC\)$/);
    expect(readdirSync(d)).toEqual([]);
  });

  it.each([
    ['EDQUOT', 'the disk quota is exceeded'],
    ['EROFS', 'the file system is read-only'],
    ['EIO', 'an input/output error of the device'],
  ])('a failed flush (%s) is reported the same way', (code, words) => {
    const d = dir();
    restore = injectWriteCalls({ fsyncSync: () => { throw errno(code); } });
    expect(inputErrorOf(() => writeFileAtomic(join(d, 'results.csv'), 'a,b\n')).message).toBe(`${join(d, 'results.csv')}: cannot be written: ${words} (${code})`);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a folder in the way (EISDIR) or a file as a folder (ENOTDIR): one line, nothing left', () => {
    const d = dir();
    mkdirSync(join(d, 'report.md'));
    expect(inputErrorOf(() => writeFileAtomic(join(d, 'report.md'), 'x')).message).toMatch(/report\.md: cannot be written: is a directory \(EISDIR\)$/);
    expect(readdirSync(d)).toEqual(['report.md']);
    writeFileSync(join(d, 'file'), '');
    expect(inputErrorOf(() => writeFileAtomic(join(d, 'file', 'x.md'), 'x')).message).toMatch(/file\/x\.md: cannot be written: a part of the path is not a folder \(ENOTDIR\)$/);
  });

  it('never writes over a file at its temporary name (another writer, or a user file)', () => {
    const d = dir();
    const tmp = join(d, `report.md.tmp-${process.pid}`);
    writeFileSync(tmp, 'not mine');
    expect(inputErrorOf(() => writeFileAtomic(join(d, 'report.md'), 'x')).message).toBe(`${tmp}: cannot be written: a file of that name is in the way (EEXIST)`);
    expect(readFileSync(tmp, 'utf8')).toBe('not mine');
    expect(existsSync(join(d, 'report.md'))).toBe(false);
  });

  it('passes a bug (an error without a code) through unchanged', () => {
    const d = dir();
    restore = injectWriteCalls({ writeSync: () => { throw new TypeError('a bug'); } });
    expect(() => writeFileAtomic(join(d, 'x'), 'x')).toThrow(TypeError);
  });

  it.skipIf(!CAN_MOUNT_TMPFS)('on a real full disk (a 64 KiB tmpfs; needs root, skipped otherwise): one line, nothing under the final name', () => {
    const tmpfs = mountTinyTmpfs(64 * 1024)!;
    try {
      const path = join(tmpfs.dir, 'report.html');
      const e = inputErrorOf(() => writeFileAtomic(path, 'x'.repeat(200_000)));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toBe(`${path}: cannot be written: no space left on the device (ENOSPC)`);
      expect(readdirSync(tmpfs.dir)).toEqual([]);
      writeFileAtomic(path, 'small');
      expect(readFileSync(path, 'utf8')).toBe('small');
    } finally {
      tmpfs.unmount();
    }
  });
});
