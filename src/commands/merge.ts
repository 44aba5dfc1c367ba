import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../cli-args.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { RunResult } from '../oracle/result.js';
import { writeSuiteReport } from '../report/suite-report.js';
import type { Scenario } from '../scenario/types.js';
import { resultKey, sortResults } from '../suite/plan.js';
import { readResults } from '../suite/results-file.js';
import type { WorkerTimeline } from '../suite/worker.js';

export const MERGE_USAGE = 'drainsim merge <shard-dir>... --out <dir> [--force]';

interface Manifest {
  scenarios: { file: string; scenario: Scenario }[];
  strategies: string[];
  shard: string;
}

/** `merge`: join the outputs of `suite --shard i/n` into one report, identical to a one-machine run. */
export function mergeCommand(args: string[]): string {
  const { values, positionals } = parseCommand('merge', args, { out: { type: 'string' }, force: { type: 'boolean' } });
  if (positionals.length === 0 || values.out === undefined) throw new InputError({ problem: 'missing shard folders or --out', path: 'merge', allowed: MERGE_USAGE });
  const manifests = positionals.map((dir) => {
    const path = join(dir, 'suite.json');
    if (!existsSync(path)) throw new InputError({ problem: 'not a suite output (no suite.json)', file: dir, allowed: "folders written by 'drainsim suite --shard i/n'" });
    return { dir, m: JSON.parse(readFileSync(path, 'utf8')) as Manifest };
  });
  const first = manifests[0].m;
  const same = (m: Manifest) => JSON.stringify([m.scenarios, m.strategies]) === JSON.stringify([first.scenarios, first.strategies]);
  const odd = manifests.find((x) => !same(x.m));
  if (odd) throw new InputError({ problem: 'its suite ran other scenarios or strategies than the first folder', file: odd.dir, allowed: 'shards of one suite' });
  const count = Number(first.shard.split('/')[1]);
  const shards = new Set(manifests.map((x) => x.m.shard));
  const missing = Array.from({ length: count }, (_, i) => `${i + 1}/${count}`).filter((s) => !shards.has(s));
  if (missing.length > 0) throw new InputError({ problem: `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`, path: 'merge', allowed: `all ${count} shard folders` });

  const results = new Map<string, RunResult>();
  const timelines: WorkerTimeline[] = [];
  for (const { dir } of manifests) {
    for (const r of readResults(join(dir, 'results.jsonl')).results) {
      const prev = results.get(resultKey(r));
      if (prev && prev.fingerprint !== r.fingerprint) throw new InputError({ problem: `run ${r.scenario} seed ${r.seed} ${r.strategy} differs between shards`, file: dir, allowed: 'shards of one suite run with the same code' });
      results.set(resultKey(r), r);
    }
    timelines.push(...(readResults(join(dir, 'timelines.jsonl')).results as unknown as WorkerTimeline[]));
  }
  const scenarios = first.scenarios.map((s) => s.scenario);
  const sorted = sortResults([...results.values()], scenarios, first.strategies);
  const expected = scenarios.reduce((n, s) => n + s.runs, 0) * first.strategies.length;
  if (sorted.length !== expected) throw new InputError({ problem: `the shards hold ${sorted.length} of ${expected} runs`, path: 'merge', allowed: "complete shards (finish each with 'suite --resume')" });
  if (existsSync(join(values.out, 'results.jsonl')) && !values.force) throw new InputError({ problem: 'already holds results', path: `--out ${values.out}`, allowed: '--force to replace them, or another folder' });
  mkdirSync(values.out, { recursive: true });
  writeFileAtomic(join(values.out, 'results.jsonl'), sorted.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeSuiteReport(values.out, sorted, scenarios, timelines);
  return `merge: ${sorted.length} runs from ${manifests.length} shards; report in ${values.out}/report.md`;
}
