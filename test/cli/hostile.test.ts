import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { changedOutside, snapshot, wholeFile } from '../harness/checks.js';
import { BASE_SCENARIOS, buildCorpus, type HostileCase } from '../harness/corpus.js';

/**
 * The hostile-input harness (issue 12): the CLI on a corpus of bad scenario, decision and suite
 * files and hostile paths, and a suite killed (SIGKILL) at many points and resumed. For every
 * case: exit code 0 or 2, no stack trace, no file that drainsim does not own changed (inside or
 * outside its output folder), nothing partial under a final name, no temporary file or lock
 * left; for the kills, every resume ends byte-identical to an uninterrupted suite.
 *
 * DRAINSIM_HARNESS=nightly runs the nightly size: ten times the corpus and 200 kill points.
 */
const NIGHTLY = process.env.DRAINSIM_HARNESS === 'nightly';
const SCALE = NIGHTLY ? 10 : 1;
const KILL_POINTS = NIGHTLY ? 200 : 20;
const BATCHES = 2;

const root = mkdtempSync(join(tmpdir(), 'drainsim-hostile-'));
const referenceScenarios = join(root, 'reference-scenarios');
const reference = join(root, 'reference');

/** The CLI as one process (tsx as a loader), so a kill reaches drainsim itself. */
function drainsim(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
const repoFiles = () => new Map([...snapshot('reports/example'), ...[...snapshot('scenarios')].map(([k, v]) => [`scenarios/${k}`, v] as [string, string])]);

beforeAll(async () => {
  mkdirSync(referenceScenarios);
  writeFileSync(join(referenceScenarios, 'a.yaml'), BASE_SCENARIOS[0].replace('seed: 2', 'seed: 2\nruns: 2'));
  writeFileSync(join(referenceScenarios, 'b.yaml'), 'name: h-small\nsource: { documents: 500 }\nstops: [ { at: 3, downtime: 1m } ]\n');
  const r = await drainsim(['suite', referenceScenarios, '--out', reference, '--jobs', '1']).done;
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

interface Outcome {
  index: number;
  name: string;
  code: number;
  stderr: string;
  crash: string | null;
  problems: string[];
}

/** Runs cases in a batch process (test/harness/batch.ts), failing on a case that hangs. */
async function runBatch(cases: (HostileCase & { index: number })[], id: number): Promise<Outcome[]> {
  const casesFile = join(root, `cases-${id}.json`);
  const resultsFile = join(root, `results-${id}.jsonl`);
  writeFileSync(casesFile, JSON.stringify(cases));
  writeFileSync(resultsFile, '');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/batch.ts', casesFile, resultsFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = () => readFileSync(resultsFile, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Outcome & { start?: number });
  // A case that runs for minutes is a hang: the batch is stopped and the case named.
  let last = { count: 0, at: performance.now() };
  const watchdog = setInterval(() => {
    const count = lines().length;
    if (count !== last.count) last = { count, at: performance.now() };
    else if (performance.now() - last.at > 180_000) child.kill('SIGKILL');
  }, 1000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(watchdog);
  const all = lines();
  const outcomes = all.filter((l): l is Outcome => l.start === undefined);
  if (code !== 0) {
    const started = all.filter((l) => l.start !== undefined).at(-1)?.start;
    throw new Error(`batch ${id} ended with ${code} at case ${started} (${cases.find((c) => c.index === started)?.name}): ${stderr.slice(-2000)}`);
  }
  return outcomes;
}

describe('hostile-input harness', () => {
  it(`runs the CLI on ${NIGHTLY ? 'the nightly' : 'a'} corpus of at least ${200 * SCALE} bad files and paths: exit 0 or 2, no stack trace, no foreign file touched, nothing partial`, async () => {
    const before = repoFiles();
    const cases = buildCorpus(join(root, 'corpus'), reference, referenceScenarios, SCALE).map((c, index) => ({ ...c, index }));
    expect(cases.length).toBeGreaterThanOrEqual(200 * SCALE);
    const outcomes = (await Promise.all(Array.from({ length: BATCHES }, (_, b) => runBatch(cases.filter((c) => c.index % BATCHES === b), b)))).flat();
    expect(outcomes).toHaveLength(cases.length);
    const failures = outcomes.flatMap((o) => {
      const why: string[] = [];
      if (o.crash !== null) why.push(`crashed: ${o.crash.split('\n').slice(0, 3).join(' | ')}`);
      if (o.code !== 0 && o.code !== 2) why.push(`exit code ${o.code}`);
      if (STACK_TRACE.test(o.stderr)) why.push(`a stack trace: ${o.stderr.slice(0, 300)}`);
      if (o.code === 2 && o.stderr.split('\n').filter((l) => l.startsWith('drainsim: error: ')).length !== 1) why.push(`not one error line: ${o.stderr.slice(0, 300)}`);
      why.push(...o.problems);
      return why.map((w) => `#${o.index} ${o.name}: ${w}`);
    });
    expect(failures).toEqual([]);
    // Both outcomes occur: the corpus holds files drainsim takes and files it refuses.
    const exits = outcomes.map((o) => o.code);
    expect(exits.filter((c) => c === 0).length).toBeGreaterThan(20 * SCALE);
    expect(exits.filter((c) => c === 2).length).toBeGreaterThan(100 * SCALE);
    expect(repoFiles()).toEqual(before);
  }, 900_000 * SCALE);

  it(`kills a suite at ${KILL_POINTS} points or more (SIGKILL) and resumes it: nothing partial at any point, and every resume byte-identical to an uninterrupted suite`, async () => {
    const want = snapshot(reference);
    const wantFiles = new Map([...want].filter(([, sig]) => sig.startsWith('file:') || sig.startsWith('list:')).map(([rel]) => [rel, readFileSync(join(reference, rel))]));
    const wantLines = new Set(['results.jsonl', 'timelines.jsonl'].flatMap((f) => readFileSync(join(reference, f), 'utf8').split('\n').filter((l) => l !== '')));
    const rng = seedrandom('drainsim-kills');
    const sandbox = join(root, 'kills');
    mkdirSync(join(sandbox, 'precious'), { recursive: true });
    writeFileSync(join(sandbox, 'precious', 'keep.txt'), 'the user wrote this');
    const problems: string[] = [];
    let kills = 0;
    let chains = 0;
    const phases = new Map<string, number>();
    while (kills < KILL_POINTS) {
      const out = join(sandbox, `chain-${chains++}`);
      for (let step = 0; ; step++) {
        const resume = existsSync(join(out, 'suite.json'));
        const before = snapshot(sandbox);
        const run = drainsim(['suite', referenceScenarios, '--out', out, '--jobs', '1', ...(resume ? ['--resume'] : [])]);
        // Kill points spread over start-up, the runs and the report: a random delay, or the moment a number of runs is written.
        const delay = 200 + rng() * 7000;
        const afterLines = Math.floor(rng() * 16);
        const byLines = rng() < 0.4;
        const started = performance.now();
        const timer = setInterval(() => {
          const written = existsSync(join(out, 'results.jsonl')) ? readFileSync(join(out, 'results.jsonl'), 'utf8').split('\n').length - 1 : 0;
          if ((byLines && written >= afterLines) || (!byLines && performance.now() - started >= delay)) run.child.kill('SIGKILL');
        }, 20);
        const end = await run.done;
        clearInterval(timer);
        const killed = end.signal === 'SIGKILL';
        const where = `chain ${chains - 1} step ${step}${killed ? ' (killed)' : ''}`;
        if (!killed && end.code !== 0) problems.push(`${where}: exit ${end.code}: ${end.stderr.slice(0, 500)}`);
        if (STACK_TRACE.test(end.stderr)) problems.push(`${where}: a stack trace`);
        const after = snapshot(sandbox);
        problems.push(...changedOutside(sandbox, before, after, out).map((p) => `${where}: ${p}`));
        // Under a final name: the reference's bytes; results and timelines: its lines, the last maybe cut.
        for (const name of existsSync(out) ? readdirSync(out, { recursive: true }).map(String) : []) {
          const path = join(out, name);
          if (name === '.drainsim-files' || name === '.drainsim-lock' || after.get(join(`chain-${chains - 1}`, name)) === 'dir') continue;
          if (/\.tmp-\d+$/.test(name)) {
            if (!killed) problems.push(`${where}: ${name}: a temporary file left after a clean end`);
            continue;
          }
          if (name.endsWith('.jsonl')) {
            const text = readFileSync(path, 'utf8');
            const whole = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== '');
            if (whole.some((l) => !wantLines.has(l))) problems.push(`${where}: ${name}: a line no uninterrupted suite writes`);
            if (!killed && text !== '' && !text.endsWith('\n')) problems.push(`${where}: ${name}: cut after a clean end`);
            continue;
          }
          const expected = wantFiles.get(name);
          if (expected === undefined) problems.push(`${where}: ${name}: a file no uninterrupted suite writes`);
          else if (!readFileSync(path).equals(expected)) problems.push(`${where}: ${name}: ${wholeFile(path) ?? 'other bytes than the uninterrupted suite'}`);
        }
        if (killed) {
          kills++;
          const phase = !existsSync(join(out, 'suite.json')) ? 'start-up' : existsSync(join(out, 'report.md')) || existsSync(join(out, 'decision.md')) ? 'report' : 'runs';
          phases.set(phase, (phases.get(phase) ?? 0) + 1);
          continue;
        }
        // Ended by itself: the folder must be what an uninterrupted suite writes, byte for byte.
        const got = snapshot(out);
        if (JSON.stringify([...got].sort()) !== JSON.stringify([...want].sort())) problems.push(`chain ${chains - 1}: resumed folder differs from the uninterrupted suite`);
        break;
      }
    }
    expect(problems).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(KILL_POINTS);
    // The kills landed in more than one phase of a suite.
    expect(phases.size, JSON.stringify([...phases])).toBeGreaterThanOrEqual(2);
  }, 1_800_000 * SCALE);
});
