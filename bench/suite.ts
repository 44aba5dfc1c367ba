/**
 * `npm run bench` (second part): suite runs per second on the default suite (`scenarios/`, each
 * scenario's own seed count), on one worker thread and on all cores, plus the time to write the
 * report and decision.md. Speed targets live here, never in timed tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultDecisionFile, loadDecision } from '../src/analysis/decision-file.js';
import { writeSuiteOutputs } from '../src/report/suite-outputs.js';
import { loadScenarioPaths } from '../src/scenario/load.js';
import { STRATEGIES } from '../src/strategies/registry.js';
import { openSuiteFolder, runSuite } from '../src/suite/run-suite.js';

const scenarios = loadScenarioPaths(['scenarios']);
const strategies = STRATEGIES.map((s) => s.id);
const root = mkdtempSync(join(tmpdir(), 'drainsim-bench-'));
const decision = loadDecision(defaultDecisionFile());

async function measure(jobs: number): Promise<void> {
  const out = join(root, `jobs-${jobs}`);
  const input = { scenarios, strategies, out, jobs, resume: false, force: false, shard: { index: 1, count: 1 } };
  // As `drainsim suite` does: claim the folder, run, write the report and decision.md.
  const folder = openSuiteFolder(input);
  let runSeconds: number;
  let reportSeconds: number;
  let runs: number;
  try {
    const t0 = performance.now();
    const outcome = await runSuite(input, () => {});
    runSeconds = (performance.now() - t0) / 1000;
    runs = outcome.results.length;
    const t1 = performance.now();
    writeSuiteOutputs(out, { scenarios, results: outcome.results, timelines: outcome.timelines }, decision);
    reportSeconds = (performance.now() - t1) / 1000;
  } finally {
    folder.close();
  }
  console.log(
    `suite  --jobs ${String(jobs).padEnd(2)} ${runs} runs in ${runSeconds.toFixed(1)} s: ${(runs / runSeconds).toFixed(1)} runs/s; report ${reportSeconds.toFixed(1)} s; total ${(runSeconds + reportSeconds).toFixed(1)} s (target: the default suite under 60 s)`,
  );
}

try {
  await measure(1);
  await measure(availableParallelism());
} finally {
  rmSync(root, { recursive: true, force: true });
}
