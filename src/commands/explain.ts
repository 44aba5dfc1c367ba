import { intOption, parseCommand } from '../cli-args.js';
import { explainSeed } from '../analysis/explain/explain.js';
import { LIMITS } from '../scenario/limits.js';
import { InputError } from '../errors.js';
import { loadScenarioVariants } from '../scenario/load.js';
import { STRATEGIES, strategyById } from '../strategies/registry.js';
import { EXPLAIN } from './specs.js';

/**
 * `explain`: one seed (default: the scenario's seed) of one strategy, simulated with tracing,
 * and every anomaly of its load file explained. A sweep file explains each of its variants.
 */
export function explainCommand(args: string[]): string {
  const { values, positionals } = parseCommand(EXPLAIN, args);
  const [file] = positionals;
  if (values.strategy === undefined) {
    throw new InputError({ path: '--strategy', problem: 'missing', allowed: `one of ${STRATEGIES.map((s) => s.id).join(', ')}` });
  }
  const strategy = strategyById(values.strategy.trim());
  const seed = intOption(values.seed, 'seed', 0, LIMITS.seed);
  return loadScenarioVariants(file)
    .map((sc) => explainSeed(sc, seed ?? sc.seed, strategy))
    .join('\n\n');
}
