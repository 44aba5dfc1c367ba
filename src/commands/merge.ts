import { join } from 'node:path';
import { parseCommand, usageOf } from '../cli-args.js';
import { InputError } from '../errors.js';
import type { RunResult } from '../oracle/result.js';
import { defaultDecisionFile, loadDecision } from '../analysis/decision-file.js';
import { writeSuiteOutputs } from '../report/suite-outputs.js';
import { claimFolder, inPlanOrder, readManifest, RESULTS, runFileRules, sameSuite, TIMELINES, writeManifest, writeRuns } from '../suite/folder.js';
import { shardRuns } from '../suite/plan.js';
import { lineKey, readRunLines } from '../suite/results-file.js';
import type { WorkerTimeline } from '../suite/worker.js';
import { MERGE } from './specs.js';

const SHARD_FOLDERS = "folders written by 'drainsim suite --shard i/n'";

/**
 * `merge`: join the outputs of `suite --shard i/n` into one suite folder and report, byte for
 * byte what one machine running the whole suite writes (suite.json says shard 1/1).
 */
export function mergeCommand(args: string[]): string {
  const { values, positionals } = parseCommand(MERGE, args);
  if (values.out === undefined) throw new InputError({ problem: 'missing --out', path: 'merge', allowed: usageOf(MERGE) });
  const decision = loadDecision(values.decision ?? defaultDecisionFile());
  const shards = positionals.map((dir) => ({ dir, m: readManifest(dir, SHARD_FOLDERS) }));
  const first = shards[0].m;
  const odd = shards.find((x) => !sameSuite(x.m, first, false) || x.m.shard.split('/')[1] !== first.shard.split('/')[1]);
  if (odd) throw new InputError({ file: odd.dir, problem: `its suite (shard ${odd.m.shard}) ran other scenarios, strategies or shard count than ${shards[0].dir} (shard ${first.shard})`, allowed: 'shards of one suite' });
  const count = Number(first.shard.split('/')[1]);
  const present = new Set(shards.map((x) => x.m.shard));
  const missing = Array.from({ length: count }, (_, i) => `${i + 1}/${count}`).filter((s) => !present.has(s));
  if (missing.length > 0) throw new InputError({ path: 'merge', problem: `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`, allowed: `all ${count} shard folders` });

  const scenarios = first.scenarios.map((s) => s.scenario);
  const results = new Map<string, RunResult>();
  const timelines = new Map<string, WorkerTimeline>();
  for (const { dir, m } of shards) {
    const rules = runFileRules(m);
    const own = readRunLines(join(dir, RESULTS), rules.results).lines;
    const [index, n] = m.shard.split('/').map(Number);
    const expected = shardRuns(scenarios, first.strategies, { index, count: n });
    if (own.length !== expected) throw new InputError({ file: dir, problem: `shard ${m.shard} holds ${own.length} of its ${expected} runs`, allowed: "complete shards (finish one with 'drainsim suite --resume')" });
    for (const r of own) {
      const prev = results.get(lineKey(r));
      if (prev && prev.fingerprint !== r.fingerprint) throw new InputError({ file: dir, problem: `run ${r.scenario} seed ${r.seed} ${r.strategy} differs from the same run in another shard`, allowed: 'shards of one suite run with the same code' });
      results.set(lineKey(r), r);
    }
    for (const t of readRunLines(join(dir, TIMELINES), rules.timelines).lines) timelines.set(lineKey(t), t);
  }
  const runs = inPlanOrder({ results: [...results.values()], timelines: [...timelines.values()] }, scenarios, first.strategies);
  const folder = claimFolder(values.out, values.force ?? false, 'merge');
  let decided: string;
  try {
    writeManifest(values.out, { ...first, shard: '1/1' });
    writeRuns(values.out, runs);
    decided = writeSuiteOutputs(values.out, { scenarios: first.scenarios, ...runs }, decision);
  } finally {
    folder.close();
  }
  return `merge: ${runs.results.length} runs from ${shards.length} shards; report in ${values.out}/report.md and report.html; ${decided}`;
}
