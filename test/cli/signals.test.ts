import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../src/strategies/registry.js';

/**
 * A signal sent to npm (`npm start`) or npx, not to the whole process group: npm passes it to the
 * shell that runs the script, which dies of it. The suite under it must still drain-stop, and
 * `--resume` must finish the same results as an uninterrupted run.
 */
const root = mkdtempSync(join(tmpdir(), 'drainsim-signals-'));
// The package as a user has it, with a small default suite in scenarios/ (the bundle, bin and node_modules linked).
cpSync('package.json', join(root, 'package.json'));
for (const f of ['bin', 'scripts', 'dist', 'node_modules']) symlinkSync(resolve(f), join(root, f));
mkdirSync(join(root, 'scenarios'));
writeFileSync(join(root, 'scenarios', 'churn.yaml'), 'name: churn\nseed: 1\nruns: 12\nsource: { documents: 25000 }\nstops: [ { at: 5m, downtime: 30m } ]\nchurn: { insertsPerHour: 3000, deletesPerHour: 300 }\n');
writeFileSync(join(root, 'scenarios', 'small.yaml'), 'name: small\nseed: 3\nruns: 4\nsource: { documents: 3000 }\nstops: [ { at: 10, downtime: 60 } ]\n');
const node = (...args: string[]) => spawnSync(process.execPath, ['bin/drainsim.mjs', ...args], { cwd: root, encoding: 'utf8' });
/** 12 + 4 (scenario, seed) pairs, every strategy. */
const RUNS = 16 * STRATEGIES.length;
const SUITE_FILES = ['results.jsonl', 'timelines.jsonl', 'suite.json', 'results.csv', 'report.md', 'decision.md'];

/** Processes still in a process group. */
function groupAlive(pgid: number): boolean {
  return spawnSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' }).stdout.trim() !== '';
}

async function until(what: string, ok: () => boolean, ms: number): Promise<number> {
  const t0 = performance.now();
  while (!ok()) {
    if (performance.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - t0;
}

const lines = (out: string) => {
  const file = join(root, out, 'results.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length : 0;
};

/**
 * Starts `command` in its own process group, signals its first process once a run is finished,
 * and returns how long the whole group took to end, the runs kept and the group's stderr.
 */
async function interrupt(command: string[], out: string, signal: NodeJS.Signals) {
  const child = spawn(command[0], command.slice(1), { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  await until('a first finished run', () => lines(out) > 0, 120_000);
  child.kill(signal);
  const ms = await until('every process of the tree to end', () => !groupAlive(child.pid!), 10_000);
  const kept = lines(out);
  await new Promise((r) => setTimeout(r, 300));
  return { ms, kept, keptLater: lines(out), stderr };
}

describe('signals through npm start and npx', () => {
  beforeAll(() => {
    const ref = node('suite', 'scenarios', '--out', 'reports/ref');
    expect(ref.status, ref.stderr).toBe(0);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    // npm runs the script through a shell, which `exec`s node: npm passes the signal on to it.
    ['npm start', 'SIGTERM', ['npm', 'start'], 'reports/latest'],
    ['npm start', 'SIGINT', ['npm', 'start'], 'reports/latest'],
    // npx runs drainsim under a shell that dies of the SIGTERM npm passes on: drainsim sees its parent go.
    ['npx drainsim', 'SIGTERM', ['npx', 'drainsim', 'suite', 'scenarios', '--out', 'reports/npx'], 'reports/npx'],
  ] as const)('%s: %s to npm stops the suite promptly, keeping its finished runs; --resume completes them', async (_label, signal, command, out) => {
    rmSync(join(root, out), { recursive: true, force: true });
    const r = await interrupt([...command], out, signal);
    // A hang guard, not a speed target (about a second on a quiet machine; timed tests flake under load).
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stderr).toMatch(/suite: stopped by SIG(INT|TERM) after \d+ new runs .*finish with --resume/);
    expect(r.kept).toBeGreaterThan(0);
    expect(r.kept).toBeLessThan(RUNS);
    expect(r.keptLater).toBe(r.kept); // nothing is left running and writing
    expect(existsSync(join(root, out, 'report.md'))).toBe(false);
    const resumed = node('suite', 'scenarios', '--out', out, '--resume');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${RUNS} runs (${RUNS - r.kept} now)`);
    for (const f of SUITE_FILES) expect(readFileSync(join(root, out, f)).equals(readFileSync(join(root, 'reports/ref', f))), f).toBe(true);
  });
});
