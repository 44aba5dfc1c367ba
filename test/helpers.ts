import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultScenario } from '../src/scenario/defaults.js';
import { InputError } from '../src/errors.js';
import type { Scenario } from '../src/scenario/types.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A resolved scenario: defaults with the given fields replaced (objects merged one level deep). */
export function scenario(over: DeepPartial<Scenario> = {}): Scenario {
  const base = defaultScenario();
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = (base as unknown as Record<string, unknown>)[k];
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && typeof b === 'object' ? { ...(b as object), ...v } : v;
  }
  const sc = out as unknown as Scenario;
  if (over.job?.killAfterSeconds === undefined && over.budget !== undefined) sc.job.killAfterSeconds = sc.budget;
  sc.events = [...sc.events].sort((a, b) => a.at - b.at);
  return sc;
}

/** A batch's duration with the defaults: prepare 2 + 1000 docs / 50 per s + validate 0.5 + save 0.2. */
export const BATCH_SECONDS = 22.7;

/** The InputError an action refuses its input with; anything else it throws, or no refusal, fails the test. */
export function inputErrorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

/** Every file of an output folder and its subfolders one level down (charts/), name to bytes, sorted by name; `except` names left out. */
export function folderFiles(dir: string, except: readonly string[] = []): Map<string, Buffer> {
  const files: [string, Buffer][] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (except.includes(d.name)) continue;
    if (d.isDirectory()) for (const f of readdirSync(join(dir, d.name))) files.push([`${d.name}/${f}`, readFileSync(join(dir, d.name, f))]);
    else files.push([d.name, readFileSync(join(dir, d.name))]);
  }
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : 1)));
}
