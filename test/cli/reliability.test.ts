import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAN_MOUNT_TMPFS, mountTinyTmpfs } from '../tmpfs.js';
import { cli } from './run-cli.js';
import { folderFiles } from '../helpers.js';

// The named cases of the output folder's guarantees (README "Guarantees"): disk full, links,
// one writer, tampered folders. The hostile-input harness (test/cli/hostile.test.ts) covers many
// more inputs and kill points.

const root = mkdtempSync(join(tmpdir(), 'drainsim-reliable-'));
const scenarios = join(root, 'scenarios');
mkdirSync(scenarios);
writeFileSync(join(scenarios, 'a.yaml'), 'name: r-a\nseed: 1\nruns: 2\nsource: { documents: 3000, order: sort-key }\nstops: [ { at: 20, downtime: 10m } ]\nchurn: { insertsPerHour: 2000 }\n');
writeFileSync(join(scenarios, 'b.yaml'), 'name: r-b\nseed: 4\nruns: 1\nsource: { documents: 1000 }\nstops: [ { at: 10, downtime: 60 } ]\n');
// One run of several seconds, so a second writer meets the first one at work.
const slow = join(root, 'slow');
mkdirSync(slow);
writeFileSync(join(slow, 'slow.yaml'), 'name: slow\nsource: { documents: 2000000 }\nstops: [ { at: 1h, downtime: 10m } ]\nchurn: { insertsPerHour: 5000 }\n');


/** Exit 2, one error line (a suite's progress lines aside), no stack trace. */
function refused(r: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('drainsim: error: '));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** The CLI in one process (tsx as a loader, not a parent process), so its pid is the lock holder's and a kill reaches it. */
function drainsim(...args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitFor(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const until = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const reference = join(root, 'reference');
beforeAll(() => {
  const r = cli('suite', scenarios, '--out', reference, '--jobs', '1');
  expect(r.code, r.stderr).toBe(0);
});

describe('disk full', () => {
  it.skipIf(!CAN_MOUNT_TMPFS)('a suite on a full disk (a 256 KiB tmpfs; needs root): one line naming the file and ENOSPC, exit 2, no truncated file under a final name', () => {
    const tmpfs = mountTinyTmpfs(256 * 1024)!;
    try {
      const out = join(tmpfs.dir, 'out');
      const r = cli('suite', scenarios, '--out', out, '--jobs', '1');
      refused(r, /: cannot be written: no space left on the device \(ENOSPC\)$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const want = folderFiles(reference);
      // Whatever is there under a final name is whole: the same bytes as on a roomy disk.
      for (const [name, bytes] of folderFiles(out)) {
        if (name === '.drainsim-files') continue;
        expect(want.has(name), `${name} is not a file drainsim writes`).toBe(true);
        expect(bytes.equals(want.get(name)!), `${name} is cut`).toBe(true);
      }
      expect(existsSync(join(out, '.drainsim-lock'))).toBe(false);
    } finally {
      tmpfs.unmount();
    }
  });
});

describe('links', () => {
  it("--out a symbolic link, or '': one line, nothing written through it", () => {
    const target = join(root, 'link-target');
    mkdirSync(target);
    symlinkSync(target, join(root, 'out-link'));
    refused(cli('suite', scenarios, '--out', join(root, 'out-link')), /--out .*out-link: is a symbolic link; allowed: .*drainsim never writes through a link/);
    refused(cli('suite', scenarios, '--out', ''), /^drainsim: error: --out: an empty folder name/);
    expect(readdirSync(target)).toEqual([]);
  });

  it('--force never follows a charts link out of --out: refused, the files it leads to untouched', () => {
    const out = join(root, 'charts-link');
    cpSync(reference, out, { recursive: true });
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, '01-r-a-latency.png'), 'a picture of mine');
    writeFileSync(join(elsewhere, 'notes.tmp-123'), 'mine');
    // charts/ replaced by a link to a folder of the user's.
    const charts = join(out, 'charts');
    rmSync(charts, { recursive: true });
    symlinkSync(elsewhere, charts);
    refused(cli('suite', scenarios, '--out', out, '--force'), /charts: is a symbolic link; allowed: a folder drainsim can write its files into \(it never writes through a link\)/);
    expect(readdirSync(elsewhere).sort()).toEqual(['01-r-a-latency.png', 'notes.tmp-123']);
    expect(readFileSync(join(elsewhere, '01-r-a-latency.png'), 'utf8')).toBe('a picture of mine');
    expect(readFileSync(join(out, 'report.md')).equals(readFileSync(join(reference, 'report.md')))).toBe(true);
  });
});

describe('one writer', () => {
  it('lock: a second suite, --resume, merge or decide on a folder in use is refused; after a kill -9 --resume takes the stale lock and finishes', async () => {
    const out = join(root, 'busy');
    const first = drainsim('suite', slow, '--out', out, '--jobs', '1', '--strategy', 'restart,keyset');
    let stderr = '';
    first.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? -9 : null))));
    await waitFor('the suite to start', () => stderr.includes('runs to do'));
    const inUse = new RegExp(`busy: in use by 'drainsim suite' \\(pid ${first.pid} on .*\\); allowed: one drainsim writing a folder at a time`);
    refused(cli('suite', slow, '--out', out, '--force', '--strategy', 'restart,keyset'), inUse);
    refused(cli('suite', slow, '--out', out, '--resume', '--strategy', 'restart,keyset'), inUse);
    refused(cli('merge', reference, '--out', out, '--force'), inUse);
    refused(cli('decide', out), inUse);
    first.kill('SIGKILL');
    expect(await exited).toBe(-9);
    expect(existsSync(join(out, '.drainsim-lock'))).toBe(true);
    const resumed = cli('suite', slow, '--out', out, '--resume', '--strategy', 'restart,keyset');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(existsSync(join(out, '.drainsim-lock'))).toBe(false);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(2);
  }, 240_000);
});

describe('tampered folders', () => {
  it('--resume refuses a foreign whole line in results.jsonl (it was cut away as if half-written, losing runs) and changes nothing', () => {
    const out = join(root, 'foreign');
    cpSync(reference, out, { recursive: true });
    const text = readFileSync(join(out, 'results.jsonl'), 'utf8');
    const lines = text.split('\n');
    writeFileSync(join(out, 'results.jsonl'), [...lines.slice(0, 5), '{"scenario":"r-a","seed":1,"strategy":"restart","duplicates":"many"}', ...lines.slice(5)].join('\n'));
    const before = folderFiles(out);
    refused(cli('suite', scenarios, '--out', out, '--resume'), /results\.jsonl: line 6: not a run: duplicates: got "many"; allowed: the lines drainsim wrote for the suite in suite\.json/);
    expect(folderFiles(out)).toEqual(before);
    writeFileSync(join(out, 'results.jsonl'), `${text}{"scenario":"r-a","seed":99,"strategy":"restart"}\n`);
    refused(cli('suite', scenarios, '--out', out, '--resume'), new RegExp(`results\\.jsonl: line ${lines.length}: not a run: duplicates: missing`));
  });

  it('decide and --resume refuse a suite.json claiming 1e9 runs (decide died out of memory), an unknown strategy, or a scenario with a tiny rate', () => {
    const out = join(root, 'tampered');
    cpSync(reference, out, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(out, 'suite.json'), 'utf8'));
    const tamper = (change: (m: typeof manifest) => void) => {
      const m = structuredClone(manifest);
      change(m);
      writeFileSync(join(out, 'suite.json'), JSON.stringify(m));
    };
    tamper((m) => (m.scenarios[0].scenario.runs = 1e9));
    refused(cli('decide', out), /suite\.json: scenarios\[0\]\.scenario\.runs: got 1000000000; allowed: an integer from 1 to 100000$/);
    tamper((m) => m.strategies.push('magic'));
    refused(cli('suite', scenarios, '--out', out, '--resume'), new RegExp(`suite\\.json: strategies\\[${manifest.strategies.length}\\]: got "magic"; allowed: strategy ids of this drainsim, each once`));
    tamper((m) => (m.scenarios[1].scenario.exporter.docsPerSecond = 5e-324));
    refused(cli('decide', out), /suite\.json: scenarios\[1\]\.scenario\.exporter\.docsPerSecond: a document would take Infinity s/);
  });

  it('merge refuses a shard with a tampered run line', () => {
    const shard = join(root, 'shard-tampered');
    cpSync(reference, shard, { recursive: true });
    const text = readFileSync(join(shard, 'results.jsonl'), 'utf8').replace('"fingerprint":"', '"fingerprint":"zz');
    writeFileSync(join(shard, 'results.jsonl'), text);
    refused(cli('merge', shard, '--out', join(root, 'merged')), /shard-tampered\/results\.jsonl: line 1: not a run: fingerprint: got "zz/);
    expect(existsSync(join(root, 'merged'))).toBe(false);
  });
});
