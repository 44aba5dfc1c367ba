import { defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';

/** Fields that name or count a scenario's runs rather than set the model. */
const NOT_PARAMETERS = new Set(['name', 'family', 'sweep', 'description', 'seed', 'runs']);

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

function walk(path: string, value: unknown, base: unknown, out: { parameter: string; value: string }[]): void {
  const isMapping = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isMapping(value) && isMapping(base)) {
    for (const [k, v] of Object.entries(value as object)) walk(path === '' ? k : `${path}.${k}`, v, (base as Record<string, unknown>)[k], out);
    return;
  }
  if (JSON.stringify(value) !== JSON.stringify(base)) out.push({ parameter: path, value: compact(value) });
}

/**
 * The parameters of a resolved scenario that differ from `defaultScenario()` (durations in
 * seconds): what every figure of the scenario rests on besides the defaults.
 */
export function differingParameters(sc: Scenario): { parameter: string; value: string }[] {
  const base = defaultScenario() as unknown as Record<string, unknown>;
  const out: { parameter: string; value: string }[] = [];
  for (const [k, v] of Object.entries(sc)) if (!NOT_PARAMETERS.has(k)) walk(k, v, base[k], out);
  return out;
}
