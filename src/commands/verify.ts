import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { intOption, parseCommand, usageOf } from '../cli-args.js';
import { InputError } from '../errors.js';
import { oracleCounts, referenceOf } from '../loadfile/reference.js';
import { MANIFEST, readManifest, verifyJob, type FileCounts, type JobVerdict, type Manifest } from '../loadfile/review/verify.js';
import { LIMITS } from '../scenario/limits.js';
import { loadScenarioVariants } from '../scenario/load.js';
import { SeedRun } from '../simulate.js';
import { STRATEGIES, strategyById } from '../strategies/registry.js';
import { VERIFY } from './specs.js';

const METRICS: readonly (keyof FileCounts)[] = ['duplicates', 'misses', 'missesGone', 'phantoms', 'stale', 'missedNewcomers', 'rows', 'uniqueRows', 'exportedFromS0', 'collateralDeletes'];

/**
 * `verify`: read the load files that `run --materialize` wrote as a review platform would, check
 * they are well formed, recompute the oracle's counts from them, and set those beside the
 * oracle's. Exit code 1 on a malformed file or a count that differs.
 */
export function verifyCommand(args: string[]): string {
  const { values, positionals } = parseCommand(VERIFY, args);
  const [dir] = positionals;
  if (values.against === undefined) throw new InputError({ problem: 'missing --against', path: 'verify', allowed: usageOf(VERIFY) });
  const seed = intOption(values.seed, 'seed', 0, LIMITS.seed);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError({ file: dir, problem: 'no such folder', allowed: 'a folder written by run --materialize' });
  const variants = loadScenarioVariants(values.against);
  // Each job with its scenario, in the order variant, seed, strategy.
  const jobs = findJobs(dir)
    .map((j) => ({ ...j, variant: variants.findIndex((v) => v.name === j.manifest.scenario), strategy: STRATEGIES.findIndex((s) => s.id === j.manifest.strategy) }))
    .filter((j) => j.variant >= 0 && (seed === undefined || j.manifest.seed === seed))
    .sort((a, b) => a.variant - b.variant || a.manifest.seed - b.manifest.seed || a.strategy - b.strategy);
  if (jobs.length === 0) {
    const what = `no materialized job of ${variants.map((v) => `'${v.name}'`).join(', ')}${seed === undefined ? '' : ` with seed ${seed}`}`;
    throw new InputError({ file: dir, problem: what, allowed: `a folder written by 'drainsim run ${values.against} --materialize <dir>'` });
  }
  const out = [`verify ${dir} against ${values.against}: S0 and the live query at the end come from the scenario's simulation; every other count from the load files on disk.`];
  let bad = 0;
  // The jobs of one scenario and seed are next to each other: they share one world.
  let world: SeedRun | undefined;
  for (const j of jobs) {
    const sc = variants[j.variant];
    if (world?.scenario !== sc || world.seed !== j.manifest.seed) world = new SeedRun(sc, j.manifest.seed);
    const job = world.job(strategyById(j.manifest.strategy));
    const verdict = verifyJob(j.dir, referenceOf(sc, job), j.manifest);
    const { text, ok } = report(j.dir, j.manifest, verdict, oracleCounts(job), job.trace.fingerprint);
    out.push('', text);
    if (!ok) bad++;
  }
  out.push('', bad === 0 ? `verify: ${jobs.length} jobs, all well formed and equal to the oracle` : `verify: ${bad} of ${jobs.length} jobs malformed or different from the oracle`);
  if (bad > 0) process.exitCode = 1;
  return out.join('\n');
}

/** Job folders (holding a manifest) at `dir` or up to three levels below it (`<scenario>/seed-<n>/<strategy>`). */
function findJobs(dir: string, depth = 0): { dir: string; manifest: Manifest }[] {
  if (existsSync(join(dir, MANIFEST))) return [{ dir, manifest: manifestOf(dir) }];
  if (depth === 3) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
    .flatMap((name) => findJobs(join(dir, name), depth + 1));
}

function manifestOf(dir: string): Manifest {
  const file = join(dir, MANIFEST);
  let m: Partial<Manifest>;
  try {
    m = readManifest(dir);
  } catch (e) {
    throw new InputError({ file, problem: `cannot be read (${(e as Error).message})`, allowed: "the manifest 'run --materialize' writes" });
  }
  for (const [key, type] of [['scenario', 'string'], ['seed', 'number'], ['strategy', 'string'], ['fingerprint', 'string'], ['finalFolder', 'string']] as const) {
    if (typeof m?.[key] !== type) throw new InputError({ file, path: key, problem: 'missing or of the wrong type', allowed: `a ${type}` });
  }
  return m as Manifest;
}

function report(dir: string, m: Manifest, v: JobVerdict, oracle: FileCounts, fingerprint: string): { text: string; ok: boolean } {
  const lines = [`${m.scenario}, seed ${m.seed}, ${m.strategy}: ${dir}${m.rowsOnly === true ? ' (written --rows-only: paths of natives and images not looked for)' : ''}`];
  for (const f of v.folders) {
    const rows = f.rows === null ? 'no load file' : `${f.rows} rows`;
    lines.push(`  folder ${f.name}${f.name === m.finalFolder ? ' (final)' : ''}: ${rows}, ${f.documents} documents / ${f.pages} pages in the .opt, ${f.orphans} orphan files, ${f.otherFiles} other jobs' files`);
  }
  const width = Math.max(...METRICS.map((k) => k.length));
  lines.push(`  ${'metric'.padEnd(width)}  ${'files'.padStart(8)}  ${'oracle'.padStart(8)}`);
  let differ = 0;
  for (const k of METRICS) {
    const same = v.counts[k] === oracle[k];
    if (!same) differ++;
    lines.push(`  ${k.padEnd(width)}  ${String(v.counts[k]).padStart(8)}  ${String(oracle[k]).padStart(8)}${same ? '' : '  differs'}`);
  }
  const sameRun = m.fingerprint === fingerprint;
  if (!sameRun) lines.push(`  mismatch: the scenario's simulation is not the one materialized (fingerprint ${fingerprint}, the manifest says ${m.fingerprint}): the scenario file or drainsim changed`);
  for (const p of v.problems) lines.push(`  malformed: ${p.file}${p.line === null ? '' : `:${p.line}`}: ${p.what}`);
  const ok = differ === 0 && v.problems.length === 0 && sameRun;
  lines.push(`  ${ok ? 'ok: well formed, every count equal to the oracle' : `NOT OK: ${v.problems.length} malformed, ${differ} counts differ${sameRun ? '' : ', another simulation'}`}`);
  return { text: lines.join('\n'), ok };
}
