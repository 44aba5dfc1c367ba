import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { intOption, parseCommand } from '../cli-args.js';
import { FAULT_SPACE } from '../check/arbitraries.js';
import { ALWAYS_CHECKED, checkStrategy, replayScenario } from '../check/check.js';
import { resolveStrategy } from '../check/load-strategy.js';
import { DEFAULT_PROPERTY, SELECTABLE_PROPERTIES } from '../check/properties.js';
import { scenarioSize } from '../check/subject.js';
import { LIMITS } from '../scenario/limits.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { listOf } from '../analysis/format.js';
import { loadScenarioFile } from '../scenario/load.js';
import { CHECK } from './specs.js';

/**
 * `check`: property-test a strategy (a user's module or a registry id) over small scenarios with
 * scripted histories; on a violation, print (or write with --out) the shrunk scenario YAML and
 * exit 1. `--replay` runs the strategy on one scenario file and reports the violation again.
 */
export async function checkCommand(args: string[]): Promise<string> {
  const { values } = parseCommand(CHECK, args);
  if (values.strategy === undefined) throw new InputError({ path: '--strategy', problem: 'missing (required)', allowed: 'a strategy module file (.ts, .mts, .js, .mjs) or a strategy id' });
  const property = values.property ?? DEFAULT_PROPERTY;
  if (!SELECTABLE_PROPERTIES.includes(property)) throw new InputError({ path: '--property', problem: `unknown property '${property}'`, allowed: SELECTABLE_PROPERTIES.join(', ') });
  const runs = intOption(values.runs, 'runs', 1, LIMITS.runs);
  const seed = intOption(values.seed, 'seed', 0, LIMITS.seed);
  if (values.replay !== undefined) {
    const extra = (['runs', 'seed', 'faults', 'out'] as const).find((k) => values[k] !== undefined);
    if (extra !== undefined) throw new InputError({ path: `--${extra}`, problem: 'does not go with --replay', allowed: 'drainsim check --strategy <file.ts|id> [--property P] --replay <scenario.yaml>' });
  }
  // Where a counterexample would go is checked before the search spends any time.
  if (values.out !== undefined) {
    const folder = dirname(values.out);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new InputError({ file: values.out, path: '--out', problem: `its folder ${folder} does not exist`, allowed: 'a file in an existing folder' });
  }
  // The scenario file is read before the strategy module runs any code.
  const replayed = values.replay === undefined ? null : loadScenarioFile(values.replay);
  const strategy = await resolveStrategy(values.strategy);

  if (replayed !== null) {
    const violation = replayScenario(strategy, replayed, property);
    if (violation === null) return `replay: ${values.replay}: strategy '${strategy.id}' holds ${listOf([...ALWAYS_CHECKED, property])} (seed ${replayed.seed})`;
    process.exitCode = 1;
    return `replay: ${values.replay}: strategy '${strategy.id}' violates ${violation.property} (seed ${replayed.seed}): ${violation.text}`;
  }

  const space = values.faults ? FAULT_SPACE : {};
  const report = checkStrategy(strategy, { property, runs, seed, space, strategyRef: values.strategy });
  const cx = report.counterexample;
  if (cx === null) return `check: strategy '${strategy.id}' holds ${report.properties.join(', ')} on ${report.runs} scenarios (fast-check seed ${report.seed})`;
  process.exitCode = 1;
  if (values.out === undefined) return cx.yaml.trimEnd();
  try {
    writeFileAtomic(values.out, cx.yaml);
  } catch (e) {
    throw new InputError({ file: values.out, path: '--out', problem: `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
  }
  return [
    `check: strategy '${strategy.id}' violates ${cx.violation.property}: ${cx.violation.text}`,
    `shrunk counterexample (${scenarioSize(cx.scenario)}) written to ${values.out}`,
    `replay: drainsim check --strategy ${values.strategy} --property ${property} --replay ${values.out}`,
  ].join('\n');
}
