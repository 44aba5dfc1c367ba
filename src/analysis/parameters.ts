import { defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';

/** What names a scenario and its seeds, not how it behaves. */
const IDENTITY = new Set(['name', 'family', 'description', 'sweep', 'seed', 'runs']);
/** Longer lists (scripted events) are summarised by their length; the scenario file has them all. */
const LIST_ITEMS_SHOWN = 4;

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `[{at: 120, downtime: 3600}]`: YAML-like flow style. */
function valueText(value: unknown, top = true): string {
  if (Array.isArray(value)) {
    return top && value.length > LIST_ITEMS_SHOWN ? `[${value.length} items]` : `[${value.map((v) => valueText(v, false)).join(', ')}]`;
  }
  if (isMapping(value)) return `{${Object.entries(value).map(([k, v]) => `${k}: ${valueText(v, false)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/**
 * Every parameter in which a resolved scenario differs from the defaults, by YAML path (durations
 * in seconds), with its value: what a figure computed from its runs rests on, beyond the defaults
 * every scenario shares. Each text that lists them formats the values its own way.
 */
export function nonDefaultParameters(sc: Scenario): { path: string; value: unknown }[] {
  const defaults = defaultScenario() as unknown as Record<string, unknown>;
  const out: { path: string; value: unknown }[] = [];
  const walk = (value: unknown, given: unknown, path: string) => {
    if (isMapping(value) && isMapping(given)) {
      for (const key of Object.keys(value)) walk(value[key], given[key], `${path}.${key}`);
    } else if (JSON.stringify(value) !== JSON.stringify(given)) {
      out.push({ path, value });
    }
  };
  for (const [key, value] of Object.entries(sc)) if (!IDENTITY.has(key)) walk(value, defaults[key], key);
  return out;
}

/** The parameters that differ from the defaults as `path=value`, values in YAML-like flow style. */
export function scenarioParameters(sc: Scenario): string[] {
  return nonDefaultParameters(sc).map(({ path, value }) => `${path}=${valueText(value)}`);
}

/** Seeds as a range when they are consecutive (1–3), else listed. */
export function seedsText(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'none';
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  if (seeds.length === 1) return String(seeds[0]);
  return consecutive ? `${seeds[0]}–${seeds[seeds.length - 1]}` : seeds.join(', ');
}
