import { InputError } from '../errors.js';
import { strategiesFromList } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';

/**
 * `--strategy id,id`: the registry's strategies, each named once. A repeated id would run the
 * same job twice under one (scenario, seed, strategy) key, which a suite's results cannot hold.
 */
export function strategiesOption(list: string | undefined): Strategy[] {
  const chosen = strategiesFromList(list);
  const ids = chosen.map((s) => s.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new InputError({ path: '--strategy', problem: `'${twice}' is given more than once`, allowed: 'each strategy id once' });
  return chosen;
}
