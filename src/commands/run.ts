import { intOption, parseCommand, sizeOption, usageOf } from '../cli-args.js';
import { InputError, inFile } from '../errors.js';
import { DEFAULT_MAX_DISK_BYTES, materializeScenarios } from '../loadfile/materialize.js';
import { comparisonTable } from '../report/table.js';
import { checkMemory } from '../io/memory.js';
import { LIMITS } from '../scenario/limits.js';
import { estimateMemory } from '../scenario/memory.js';
import { loadScenarioVariants } from '../scenario/load.js';
import type { RunResult } from '../oracle/result.js';
import type { Scenario } from '../scenario/types.js';
import { simulateScenario } from '../simulate.js';
import type { Strategy } from '../strategies/strategy.js';
import { RUN } from './specs.js';
import { strategiesOption } from './strategies-option.js';

/** `run`: every strategy (or the chosen ones) on every seed of one scenario. */
export function runCommand(args: string[]): string {
  const { values, positionals } = parseCommand(RUN, args);
  const [file] = positionals;
  const seed = intOption(values.seed, 'seed', 0, LIMITS.seed);
  const runs = intOption(values.runs, 'runs', 1, LIMITS.runs);
  const strategies = strategiesOption(values.strategy);
  // A sweep file runs each of its variants.
  const variants = loadScenarioVariants(file);
  if (runs !== undefined && runs * variants.length > LIMITS.sweepRuns) {
    throw new InputError({ problem: `${runs} runs of each of ${variants.length} variants`, path: '--runs', allowed: `at most ${LIMITS.sweepRuns} runs of all variants together` });
  }
  for (const sc of variants) {
    if (seed !== undefined) sc.seed = seed;
    if (runs !== undefined) sc.runs = runs;
  }
  checkMemory(estimateMemory(variants, strategies.length, 0), values['force-memory'] ?? false, file);
  const root = values.materialize;
  const stray = (['force', 'rows-only', 'max-bytes', 'yes'] as const).find((k) => values[k] !== undefined);
  if (stray !== undefined && root === undefined) throw new InputError({ path: `--${stray}`, problem: 'given without --materialize', allowed: usageOf(RUN) });
  const materialize = { force: values.force ?? false, rowsOnly: values['rows-only'] ?? false, maxBytes: values.yes ? null : (sizeOption(values['max-bytes'], 'max-bytes') ?? DEFAULT_MAX_DISK_BYTES) };
  // The bounds that grow with simulated time are checked as the jobs run.
  const outputs =
    root === undefined
      ? variants.map((sc) => ({ sc, results: inFile(file, () => simulateScenario(sc, strategies)) }))
      : materializeScenarios(file, variants, strategies, root, materialize, (line) => process.stderr.write(`${line}\n`)).map((results, i) => ({ sc: variants[i], results }));
  if (values['check-determinism']) return outputs.map(({ sc, results }) => checkDeterminism(sc, strategies, results)).join('\n');
  if (values.json) {
    writeRunsJson(outputs.flatMap((o) => o.results), (text) => process.stdout.write(text));
    return '';
  }
  return outputs.map(({ sc, results }) => `${sc.name}${sc.description ? ` - ${sc.description}` : ''}\n\n${comparisonTable(results, sc.budget)}`).join('\n\n');
}

/**
 * Every (seed, strategy) a second time, from scratch: the fingerprint of the whole event history
 * and every metric must be identical. A difference is a bug in the simulator (exit code 1).
 */
function checkDeterminism(sc: Scenario, strategies: Strategy[], first: RunResult[]): string {
  const second = simulateScenario(sc, strategies);
  const differing = first.filter((r, i) => JSON.stringify(r) !== JSON.stringify(second[i]));
  if (differing.length === 0) return `determinism: ${first.length} runs of ${sc.name} repeated, all identical (fingerprints ${first.map((r) => r.fingerprint).slice(0, 3).join(', ')}${first.length > 3 ? ', ...' : ''})`;
  process.exitCode = 1;
  return [`determinism: ${differing.length} of ${first.length} runs of ${sc.name} differ when repeated:`, ...differing.map((r) => `  seed ${r.seed} ${r.strategy}: fingerprint ${r.fingerprint} then ${second[first.indexOf(r)].fingerprint}`)].join('\n');
}

/**
 * `{"runs":[...]}` exactly as JSON.stringify(..., null, 2) writes it, one run at a time: at the
 * bounds of a scenario (100,000 seeds × 7 strategies) the whole text would outgrow a string.
 */
export function writeRunsJson(runs: readonly RunResult[], write: (text: string) => void): void {
  if (runs.length === 0) return write('{\n  "runs": []\n}\n');
  write('{\n  "runs": [\n');
  runs.forEach((r, i) => write(`${JSON.stringify(r, null, 2).replace(/^/gm, '    ')}${i < runs.length - 1 ? ',' : ''}\n`));
  write('  ]\n}\n');
}
