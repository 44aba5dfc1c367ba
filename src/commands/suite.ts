import { intOption, parseCommand, usageOf } from '../cli-args.js';
import { InputError } from '../errors.js';
import { defaultDecisionFile, loadDecision } from '../analysis/decision-file.js';
import { writeSuiteOutputs } from '../report/suite-outputs.js';
import { checkMemory } from '../io/memory.js';
import { LIMITS } from '../scenario/limits.js';
import { estimateMemory } from '../scenario/memory.js';
import { loadScenarioPaths } from '../scenario/load.js';
import { checkUniqueNames, parseShard, suiteRuns } from '../suite/plan.js';
import { defaultJobs, openSuiteFolder, runSuite } from '../suite/run-suite.js';
import { SUITE } from './specs.js';
import { strategiesOption } from './strategies-option.js';

/** `suite`: every scenario x strategy x seed on all cores, resumable, then the report. */
export async function suiteCommand(args: string[]): Promise<string> {
  const { values, positionals } = parseCommand(SUITE, args);
  if (values.out === undefined) throw new InputError({ problem: 'missing --out', path: 'suite', allowed: usageOf(SUITE) });
  const runs = intOption(values.runs, 'runs', 1, LIMITS.runs);
  const jobs = intOption(values.jobs, 'jobs', 1, 256) ?? defaultJobs();
  const shard = parseShard(values.shard);
  const strategies = strategiesOption(values.strategy).map((s) => s.id);
  const scenarios = loadScenarioPaths(positionals);
  checkUniqueNames(scenarios);
  // Read before any run, so a bad decision file costs nothing and leaves nothing half-done.
  const decision = loadDecision(values.decision ?? defaultDecisionFile());
  if (runs !== undefined) {
    // As for a sweep file's own runs: the variants of one file together at most LIMITS.sweepRuns.
    for (const file of new Set(scenarios.map((s) => s.file))) {
      const variants = scenarios.filter((s) => s.file === file).length;
      if (runs * variants > LIMITS.sweepRuns) throw new InputError({ file, path: '--runs', problem: `${runs} runs of each of its ${variants} variants`, allowed: `at most ${LIMITS.sweepRuns} runs of all variants of a file together` });
    }
    for (const s of scenarios) s.scenario.runs = runs;
  }
  const total = suiteRuns(scenarios.map((s) => s.scenario), strategies);
  if (total > LIMITS.suiteRuns) throw new InputError({ path: 'suite', problem: `${total} runs (scenario × seed × strategy)`, allowed: `at most ${LIMITS.suiteRuns} runs in a suite: fewer scenarios, seeds or strategies` });
  checkMemory(estimateMemory(scenarios.map((s) => s.scenario), strategies.length, jobs), values['force-memory'] ?? false, undefined);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const input = { scenarios, strategies, out: values.out, jobs, resume: values.resume ?? false, force: values.force ?? false, shard };
  const folder = openSuiteFolder(input);
  try {
    const outcome = await runSuite(input, log);
    if (outcome.interruptedBy !== null) {
      process.exitCode = outcome.interruptedBy === 'SIGINT' ? 130 : 143;
      log(`suite: stopped by ${outcome.interruptedBy} after ${outcome.ranNow} new runs (${outcome.results.length} in ${values.out}/results.jsonl); finish with --resume`);
      return '';
    }
    if (shard.count > 1) return `suite: shard ${shard.index}/${shard.count} done: ${outcome.results.length} runs in ${values.out}/results.jsonl; join the shards with 'drainsim merge'`;
    const decided = writeSuiteOutputs(values.out, { scenarios, results: outcome.results, timelines: outcome.timelines }, decision);
    return `suite: ${outcome.results.length} runs (${outcome.ranNow} now); report in ${values.out}/report.md and report.html; ${decided}`;
  } finally {
    folder.close();
  }
}
