import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliProcess } from './run-cli.js';
import { folderFiles } from '../helpers.js';
import { STRATEGIES } from '../../src/strategies/registry.js';

const root = mkdtempSync(join(tmpdir(), 'drainsim-suite-'));
const scenarios = join(root, 'scenarios');
mkdirSync(scenarios);
// Two small scenarios, one with a named fault in about half its seeds: 11 (scenario, seed) pairs, each run by every strategy.
writeFileSync(
  join(scenarios, 'a-churn.yaml'),
  `name: t-churn
seed: 1
runs: 8
source: { documents: 20000, order: sort-key }
exporter: { docsPerSecond: 100 }
stops: [ { at: 60, downtime: 10m } ]
churn: { insertsPerHour: 2000, deletesPerHour: 500 }
faults: { swarm: { secondStop: 0.5 } }
`,
);
writeFileSync(join(scenarios, 'b-small.yaml'), 'name: t-small\nseed: 5\nruns: 3\nsource: { documents: 2000 }\nstops: [ { at: 10, downtime: 60 } ]\n');
const TOTAL = 11 * STRATEGIES.length;


function expectSameFolder(dir: string, expected: Map<string, Buffer>): void {
  const got = folderFiles(dir);
  expect([...got.keys()]).toEqual([...expected.keys()]);
  for (const [name, bytes] of expected) expect(got.get(name)!.equals(bytes), `${name} differs`).toBe(true);
}

const lines = (dir: string) => (existsSync(join(dir, 'results.jsonl')) ? readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').filter((l) => l !== '').length : 0);

async function waitFor(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const until = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function ok(r: ReturnType<typeof cli>): ReturnType<typeof cli> {
  expect(r.stderr.includes('error'), r.stderr).toBe(false);
  expect(r.code).toBe(0);
  return r;
}

function refused(r: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('drainsim: error: '));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/**
 * The tests that start a dozen CLI processes, each a suite with its report: on a machine shared
 * with other work they can take minutes (speed is measured by npm run bench, not here).
 */
const HEAVY = 240_000;

describe('suite', () => {
  const whole = join(root, 'whole');
  let expected = new Map<string, Buffer>();
  beforeAll(() => {
    ok(cli('suite', scenarios, '--out', whole, '--jobs', '2'));
    expected = folderFiles(whole);
  });

  it('writes results.jsonl (the run --json fields), timelines, the report, the decision and their charts', () => {
    expect(lines(whole)).toBe(TOTAL);
    const first = JSON.parse(readFileSync(join(whole, 'results.jsonl'), 'utf8').split('\n')[0]);
    const run = JSON.parse(cli('run', join(scenarios, 'a-churn.yaml'), '--json', '--runs', '1', '--strategy', 'status-quo').stdout).runs[0];
    expect(first).toEqual(run);
    for (const f of ['report.md', 'report.html', 'results.csv', 'suite.json', 'timelines.jsonl', 'decision.md']) expect(expected.has(f), f).toBe(true);
    // Four charts per scenario, and the decision's ranking and Pareto charts.
    expect([...expected.keys()].filter((f) => f.startsWith('charts/')).length).toBe(2 * 4 + 2);
    expect(expected.has('charts/decision-ranking.png')).toBe(true);
    expect(readFileSync(join(whole, 'report.md'), 'utf8')).toContain('[decision.md](decision.md)');
    expect(readFileSync(join(whole, 'decision.md'), 'utf8')).toMatch(/^## Decision$/m);
    expect(readFileSync(join(whole, 'results.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(TOTAL + 1);
  });

  it('gives the same folder, byte for byte, on one worker thread', () => {
    const one = join(root, 'one');
    ok(cli('suite', scenarios, '--out', one, '--jobs', '1'));
    expectSameFolder(one, expected);
  });

  it('drain-stops on SIGINT keeping the finished runs, and --resume finishes the same results.jsonl', async () => {
    const dir = join(root, 'interrupted');
    const child = cliProcess('suite', scenarios, '--out', dir, '--jobs', '1');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor('a first finished run', () => lines(dir) > 0);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/stopped by SIGINT after \d+ new runs .*finish with --resume/);
    expect(stdout).toBe('');
    const kept = lines(dir);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(TOTAL);
    expect(existsSync(join(dir, 'report.md'))).toBe(false);
    const resumed = ok(cli('suite', scenarios, '--out', dir, '--resume'));
    expect(resumed.stdout).toContain(`${TOTAL} runs (${TOTAL - kept} now)`);
    expectSameFolder(dir, expected);
  });

  it('on SIGTERM stops within a second even with a long run in flight (the worker is terminated, not waited for)', async () => {
    const big = join(root, 'big');
    mkdirSync(big);
    // One run of several seconds.
    writeFileSync(join(big, 'big.yaml'), 'name: big\nsource: { documents: 6000000 }\nstops: [ { at: 1h, downtime: 10m } ]\nchurn: { insertsPerHour: 5000 }\n');
    const dir = join(root, 'big-out');
    const child = cliProcess('suite', big, '--out', dir, '--jobs', '1', '--strategy', 'restart');
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor('the suite to start', () => stderr.includes('runs to do'));
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(performance.now() - t0).toBeLessThan(3000); // a generous bound for a loaded machine; typically ~0.1 s
    expect(lines(dir)).toBe(0);
  });

  it('cuts a half-written last line left by a kill and redoes its run', () => {
    const dir = join(root, 'half');
    cpSync(whole, dir, { recursive: true });
    const text = readFileSync(join(dir, 'results.jsonl'), 'utf8');
    const keep = text.split('\n').slice(0, 10).join('\n').length + 1;
    writeFileSync(join(dir, 'results.jsonl'), text.slice(0, keep + 40)); // 10 whole lines and 40 bytes of the 11th
    const r = ok(cli('suite', scenarios, '--out', dir, '--resume'));
    expect(r.stderr).toMatch(/cut a half-written last line \(40 bytes\) from .*results\.jsonl; its run is redone/);
    expect(r.stdout).toContain(`${TOTAL} runs (${TOTAL - 10} now)`);
    expectSameFolder(dir, expected);
  });

  it('shards merged give the folder of one machine', () => {
    const shards = [1, 2, 3].map((i) => join(root, `shard-${i}`));
    shards.forEach((dir, i) => expect(ok(cli('suite', scenarios, '--out', dir, '--shard', `${i + 1}/3`)).stdout).toMatch(new RegExp(`shard ${i + 1}/3 done`)));
    expect(shards.map(lines).reduce((a, b) => a + b, 0)).toBe(TOTAL);
    expect(shards.some((d) => existsSync(join(d, 'report.md')))).toBe(false);
    const merged = join(root, 'merged');
    ok(cli('merge', ...shards, '--out', merged));
    expectSameFolder(merged, expected);

    refused(cli('merge', shards[0], shards[2], '--out', join(root, 'm2')), /merge: shard 2\/3 missing/);
    const partial = join(root, 'partial');
    cpSync(shards[1], partial, { recursive: true });
    writeFileSync(join(partial, 'results.jsonl'), readFileSync(join(partial, 'results.jsonl'), 'utf8').split('\n').slice(1).join('\n'));
    refused(cli('merge', shards[0], partial, shards[2], '--out', join(root, 'm3')), /shard 2\/3 holds \d+ of its \d+ runs/);
    refused(cli('merge', ...shards, '--out', merged), /--out .*merged: the folder exists and is not empty; allowed: --resume .* --force/);
    ok(cli('merge', ...shards, '--out', merged, '--force'));
    expectSameFolder(merged, expected);
  }, HEAVY);

  it('never writes over an existing folder without --force, and --force removes only what drainsim wrote', () => {
    refused(cli('suite', scenarios, '--out', whole), /--out .*whole: the folder exists and is not empty/);
    expectSameFolder(whole, expected);
    // Files of the user's, even ones named like drainsim's charts or temporary files, stay.
    const mine = { 'notes.txt': 'mine', 'charts/old-chart.png': 'a chart of my own', 'report.md.tmp-999': 'a file of mine named like a temporary one' };
    for (const [name, text] of Object.entries(mine)) writeFileSync(join(whole, name), text);
    ok(cli('suite', scenarios, '--out', whole, '--force'));
    for (const [name, text] of Object.entries(mine)) expect(readFileSync(join(whole, name), 'utf8')).toBe(text);
    const got = folderFiles(whole);
    for (const name of Object.keys(mine)) got.delete(name);
    expect([...got.keys()]).toEqual([...expected.keys()]);

    refused(cli('suite', scenarios, '--out', whole, '--resume', '--force'), /--resume: given with --force/);
    refused(cli('suite', scenarios, '--out', whole, '--resume', '--runs', '2'), /suite\.json: the suite here was started with other scenarios, strategies or shard/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    refused(cli('suite', scenarios, '--out', empty, '--resume'), /empty: not a suite folder \(no suite\.json\)/);
    writeFileSync(join(root, 'a-file'), '');
    refused(cli('suite', scenarios, '--out', join(root, 'a-file'), '--force'), /a-file: not a folder/);
    refused(cli('suite', scenarios, join(scenarios, 'a-churn.yaml'), '--out', join(root, 'twice')), /a-churn\.yaml: name: 't-churn' is also the name of a scenario in/);
    // A bound met only as a job runs (churn over a long stall of the file share), inside a worker thread: one line, exit 2.
    const late = join(root, 'late');
    mkdirSync(late);
    // (The nominal job the load-time check estimates ends in seconds: the stalled share makes it last hours.)
    writeFileSync(join(late, 'churn.yaml'), 'name: late\nsource: { documents: 100 }\nfiles: { meanBytes: 1000000 }\nstops: [ { at: 20, downtime: 10m } ]\nchurn: { contentEditsPerHour: 10000000 }\nfaults: { force: { stalledShare: true }, stallFactor: 1000000, stall: 1h }\n');
    refused(cli('suite', late, '--out', join(root, 'late-out'), '--strategy', 'restart', '--jobs', '1'), /late\/churn\.yaml: churn: more than 50000000 churn changes/);
    writeFileSync(join(late, 'sweep.yaml'), 'name: swept\nsweep: [ { parameter: runs, values: [1, 2] } ]\n');
    refused(cli('suite', join(late, 'sweep.yaml'), '--out', join(root, 'many'), '--runs', '60000'), /sweep\.yaml: --runs: 60000 runs of each of its 2 variants; allowed: at most 100000/);
    // A bad decision file is refused before any run: nothing is written.
    writeFileSync(join(root, 'decision-bad.yaml'), 'criteria: { misses: { weight: -1, direction: min } }\n');
    refused(cli('suite', scenarios, '--out', join(root, 'undecided'), '--decision', join(root, 'decision-bad.yaml')), /decision-bad\.yaml: criteria\.misses\.weight: /);
    expect(existsSync(join(root, 'undecided'))).toBe(false);
  }, HEAVY);
});
