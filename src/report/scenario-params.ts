import { nonDefaultParameters } from '../analysis/parameters.js';
import type { Scenario } from '../scenario/types.js';

/** Items of a list shown before "... (N in all)". */
const LIST_ITEMS_SHOWN = 4;

function compact(value: unknown): string {
  if (Array.isArray(value)) {
    const shown = value.slice(0, LIST_ITEMS_SHOWN).map(compact);
    return `[${shown.join(', ')}${value.length > LIST_ITEMS_SHOWN ? `, ... (${value.length} in all)` : ''}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${compact(v)}`)
      .join(', ')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The parameters of a resolved scenario that differ from `defaultScenario()` (durations in
 * seconds): what every figure of the scenario rests on besides the defaults; values in the
 * report's compact form.
 */
export function differingParameters(sc: Scenario): { parameter: string; value: string }[] {
  return nonDefaultParameters(sc).map(({ path, value }) => ({ parameter: path, value: compact(value) }));
}
