import { intOption, onePositional, parseCommand } from '../cli-args.js';
import { comparisonTable } from '../report/table.js';
import { loadScenarioFile } from '../scenario/load.js';
import { simulateScenario } from '../simulate.js';
import { strategiesFromList } from '../strategies/registry.js';

export const RUN_USAGE = 'drainsim run <scenario.yaml> [--seed N] [--runs N] [--strategy id,id] [--json]';

/** `run`: every strategy (or the chosen ones) on every seed of one scenario. */
export function runCommand(args: string[]): string {
  const { values, positionals } = parseCommand('run', args, {
    seed: { type: 'string' },
    runs: { type: 'string' },
    strategy: { type: 'string' },
    json: { type: 'boolean' },
  });
  const file = onePositional(positionals, 'run', 'scenario.yaml');
  const seed = intOption(values.seed, 'seed', 0, 2 ** 31 - 1);
  const runs = intOption(values.runs, 'runs', 1, 100_000);
  const strategies = strategiesFromList(values.strategy);
  const sc = loadScenarioFile(file);
  if (seed !== undefined) sc.seed = seed;
  if (runs !== undefined) sc.runs = runs;
  const results = simulateScenario(sc, strategies);
  if (values.json) return JSON.stringify({ runs: results }, null, 2);
  return `${sc.name}${sc.description ? ` - ${sc.description}` : ''}\n\n${comparisonTable(results, sc.budget)}`;
}
