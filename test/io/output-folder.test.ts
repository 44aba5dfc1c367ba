import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeOwnedFile, writeFileAtomic } from '../../src/io/atomic.js';
import { FILE_LIST, LOCK, OutputFolder, type Outputs } from '../../src/io/output-folder.js';
import { inputErrorOf } from '../helpers.js';

const OUTPUTS: Outputs = { files: ['report.md', 'results.jsonl'], folders: ['charts'] };
const root = () => mkdtempSync(join(tmpdir(), 'drainsim-out-'));
const claim = (out: string, force = false) => OutputFolder.claim(out, force, OUTPUTS, 'suite');
const list = (out: string) => readFileSync(join(out, FILE_LIST), 'utf8').split('\n').slice(1).filter((l) => l !== '');

/** A folder drainsim wrote: report.md and charts/a.png, closed. */
function written(out: string): void {
  const f = claim(out);
  mkdirSync(join(out, 'charts'), { recursive: true });
  writeFileAtomic(join(out, 'report.md'), 'report');
  writeFileAtomic(join(out, 'charts', 'a.png'), 'png');
  f.close();
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('an output folder: only its own files', () => {
  it('records every file it writes, temporary ones too, and keeps a sorted list of what is there when closed', () => {
    const out = join(root(), 'new');
    const f = claim(out);
    expect(existsSync(join(out, LOCK))).toBe(true);
    mkdirSync(join(out, 'charts'));
    writeFileAtomic(join(out, 'report.md'), 'r');
    writeFileAtomic(join(out, 'charts', 'b.png'), 'b');
    expect(list(out)).toEqual(expect.arrayContaining([`tmp\treport.md.tmp-${process.pid}`, 'file\treport.md', 'file\tcharts/b.png']));
    f.close();
    expect(list(out)).toEqual(['file\tcharts/b.png', 'file\treport.md']);
    expect(readdirSync(out).sort()).toEqual([FILE_LIST, 'charts', 'report.md']);
  });

  it("--force removes only the files it wrote: the user's files stay, whatever their names", () => {
    const out = root();
    written(out);
    writeFileSync(join(out, 'notes.tmp-123'), 'mine');
    writeFileSync(join(out, 'charts', 'mine.png'), 'mine');
    expect(inputErrorOf(() => claim(out)).message).toMatch(/^--out .*: the folder exists and is not empty; allowed: --resume/);
    claim(out, true).close();
    expect(readdirSync(out).sort()).toEqual([FILE_LIST, 'charts', 'notes.tmp-123']);
    expect(readdirSync(join(out, 'charts'))).toEqual(['mine.png']);
    expect(list(out)).toEqual([]);
  });

  it('--force never follows a charts link out of the folder, and deletes nothing when it meets one', () => {
    const out = root();
    written(out);
    const elsewhere = join(root(), 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'a.png'), 'not drainsim');
    writeFileSync(join(out, 'charts', 'a.png'), 'png');
    // The user swaps charts/ for a link to a folder of theirs.
    spawnSync('rm', ['-r', join(out, 'charts')]);
    symlinkSync(elsewhere, join(out, 'charts'));
    expect(inputErrorOf(() => claim(out, true)).message).toMatch(/\/charts: is a symbolic link; allowed: a folder drainsim can write its files into \(it never writes through a link\)$/);
    expect(readFileSync(join(elsewhere, 'a.png'), 'utf8')).toBe('not drainsim');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('report');
    expect(existsSync(join(out, LOCK))).toBe(false);
  });

  it('a listed file the user replaced by a link is not removed through it', () => {
    const out = root();
    written(out);
    const target = join(root(), 'target.md');
    writeFileSync(target, 'the target');
    spawnSync('rm', [join(out, 'report.md')]);
    symlinkSync(target, join(out, 'report.md'));
    // The link stays (it is not a file drainsim wrote), so report.md is in the way: refused.
    expect(inputErrorOf(() => claim(out, true)).message).toMatch(/report\.md: is there and drainsim did not write it/);
    expect(readFileSync(target, 'utf8')).toBe('the target');
  });

  it("a file of the user's under a name drainsim writes is refused, not written over", () => {
    const out = root();
    writeFileSync(join(out, 'report.md'), 'my own report');
    expect(inputErrorOf(() => claim(out, true)).message).toBe(`${join(out, 'report.md')}: is there and drainsim did not write it (it is not in ${FILE_LIST}); allowed: move it away, or choose another --out: drainsim never replaces a file it did not write`);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('my own report');
    // Nor is one it meets while writing.
    const other = root();
    const f = claim(other);
    writeFileSync(join(other, 'late.md'), 'mine');
    expect(inputErrorOf(() => writeFileAtomic(join(other, 'late.md'), 'x')).message).toMatch(/late\.md: is there and drainsim did not write it/);
    removeOwnedFile(join(other, 'late.md'));
    expect(readFileSync(join(other, 'late.md'), 'utf8')).toBe('mine');
    f.close();
  });

  it("--out '', a file, or a symbolic link: one line each", () => {
    expect(inputErrorOf(() => claim('')).message).toBe('--out: an empty folder name; allowed: a new or empty folder, or a suite folder with --force');
    const r = root();
    writeFileSync(join(r, 'file'), '');
    expect(inputErrorOf(() => claim(join(r, 'file'))).message).toMatch(/^--out .*file: not a folder/);
    mkdirSync(join(r, 'real'));
    symlinkSync(join(r, 'real'), join(r, 'link'));
    expect(inputErrorOf(() => claim(join(r, 'link'))).message).toMatch(/^--out .*link: is a symbolic link; allowed: .*drainsim never writes through a link/);
    expect(readdirSync(join(r, 'real'))).toEqual([]);
  });

  it('reopening removes the temporary files a killed run left (listed ones only)', () => {
    const out = root();
    written(out);
    // A kill between creating a temporary file and renaming it leaves it listed.
    writeFileSync(join(out, FILE_LIST), `${readFileSync(join(out, FILE_LIST), 'utf8')}tmp\treport.html.tmp-4242\n`);
    writeFileSync(join(out, 'report.html.tmp-4242'), 'half a report');
    writeFileSync(join(out, 'other.tmp-4242'), 'mine');
    OutputFolder.reopen(out, OUTPUTS, 'suite --resume', '--out', 'a suite folder').close();
    expect(existsSync(join(out, 'report.html.tmp-4242'))).toBe(false);
    expect(readFileSync(join(out, 'other.tmp-4242'), 'utf8')).toBe('mine');
  });

  it('a list a kill cut (inside its first line, or inside an entry) is read as what it holds', () => {
    const out = root();
    writeFileSync(join(out, FILE_LIST), '# drainsim: the fi');
    claim(out).close();
    expect(list(out)).toEqual([]);
    written(out);
    writeFileSync(join(out, FILE_LIST), `${readFileSync(join(out, FILE_LIST), 'utf8')}tmp\trepo`);
    OutputFolder.reopen(out, OUTPUTS, 'decide', undefined, 'x').close();
    expect(list(out)).toEqual(['file\tcharts/a.png', 'file\treport.md']);
  });

  it('a tampered file list (a path out of the folder, a user file listed as temporary) is refused', () => {
    const out = root();
    written(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, FILE_LIST), `${readFileSync(join(out, FILE_LIST), 'utf8')}tmp\tnotes.txt\n`);
    expect(inputErrorOf(() => OutputFolder.reopen(out, OUTPUTS, 'decide', undefined, 'x')).message).toMatch(/line 4 is not a file of the folder/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a tampered file list (a path out of the folder) is refused', () => {
    const out = root();
    written(out);
    writeFileSync(join(out, FILE_LIST), `${readFileSync(join(out, FILE_LIST), 'utf8')}file\t../../etc/passwd\n`);
    expect(inputErrorOf(() => claim(out, true)).message).toMatch(/\.drainsim-files: line 4 is not a file of the folder; allowed: the list of its files drainsim keeps/);
    writeFileSync(join(out, FILE_LIST), 'report.md\n');
    expect(inputErrorOf(() => claim(out, true)).message).toMatch(/not a drainsim file list/);
  });
});

describe('an output folder: one writer', () => {
  it('a second writer is refused while the first holds the folder, and may go once it is closed', () => {
    const out = root();
    const first = claim(out);
    expect(inputErrorOf(() => OutputFolder.reopen(out, OUTPUTS, 'suite --resume', '--out', 'x')).message).toBe(
      `${out}: in use by 'drainsim suite' (pid ${process.pid} on ${hostname()}); allowed: one drainsim writing a folder at a time: wait for it to end (if that process is gone, delete ${join(out, LOCK)})`,
    );
    expect(inputErrorOf(() => claim(out, true)).message).toMatch(/in use by 'drainsim suite'/);
    first.close();
    expect(existsSync(join(out, LOCK))).toBe(false);
    claim(out, true).close();
  });

  it("a stale lock (its process gone, same host) is taken over; another host's lock or an unreadable one is refused", () => {
    const out = root();
    writeFileSync(join(out, LOCK), JSON.stringify({ pid: deadPid(), host: hostname(), command: 'suite' }));
    const f = claim(out);
    expect(JSON.parse(readFileSync(join(out, LOCK), 'utf8'))).toEqual({ pid: process.pid, host: hostname(), command: 'suite' });
    f.close();
    expect(readdirSync(out)).toEqual([FILE_LIST]);

    writeFileSync(join(out, LOCK), JSON.stringify({ pid: deadPid(), host: 'another-machine', command: 'merge' }));
    expect(inputErrorOf(() => claim(out)).message).toMatch(/in use by 'drainsim merge' \(pid \d+ on another-machine\)/);
    writeFileSync(join(out, LOCK), 'garbage');
    expect(inputErrorOf(() => claim(out)).message).toMatch(/\.drainsim-lock: a lock file drainsim cannot read; allowed: if no drainsim is writing this folder, delete the lock file/);
  });
});
