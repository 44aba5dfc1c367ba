import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { strategyById, STRATEGIES } from '../strategies/registry.js';
import { RIP_READS, type RipRead, type Strategy } from '../strategies/strategy.js';
import { defaultScenario } from '../scenario/defaults.js';
import type { Capability } from '../scenario/types.js';

const MODULE_FILE = /\.(ts|mts|js|mjs)$/i;
const CAPABILITIES = Object.keys(defaultScenario().iapi) as Capability[];
const ALLOWED = 'a TypeScript or JavaScript module whose default export (or only Strategy export) implements the Strategy interface (src/strategies/strategy.ts)';

/** The fields of the Strategy interface and what each must be. */
const FIELDS: [keyof Strategy, string, (v: unknown) => boolean][] = [
  ['id', 'a non-empty string', (v) => typeof v === 'string' && v.trim() !== ''],
  ['title', 'a string', (v) => typeof v === 'string'],
  ['option', 'a string', (v) => typeof v === 'string'],
  ['summary', 'a string', (v) => typeof v === 'string'],
  ['needs', `a list of IAPI capabilities (${CAPABILITIES.join(', ')})`, (v) => Array.isArray(v) && v.every((c) => CAPABILITIES.includes(c))],
  ['reads', `a list of RIP reads (${RIP_READS.join(', ')}); may be left out when it reads none`, (v) => v === undefined || (Array.isArray(v) && v.every((r) => RIP_READS.includes(r as RipRead)))],
  ['drainStop', 'true or false', (v) => typeof v === 'boolean'],
  ['keepTempTable', 'true or false', (v) => typeof v === 'boolean'],
  ['pause', 'a function (PauseContext) => BatchParameters', (v) => typeof v === 'function'],
  ['resume', 'a function (ResumeContext) => ExportRequest', (v) => typeof v === 'function'],
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Imports a module, TypeScript included: the prebuilt CLI (dist/) runs on plain Node, which
 * cannot load a .ts file, so tsx loads it then (from the sources, under tsx, it loads as is).
 */
async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { tsImport } = await import('tsx/esm/api');
    // The URL is absolute: it is its own parent for resolution.
    const ns = (await tsImport(url, url)) as Record<string, unknown>;
    // Outside an ES module package tsx loads it as CommonJS: its exports are then under `default`, marked __esModule.
    return isObject(ns.default) && ns.default.__esModule === true ? ns.default : ns;
  }
}

/** A strategy named on the command line: a module file (`.ts`, `.mts`, `.js`, `.mjs`) or a registry id. */
export async function resolveStrategy(ref: string): Promise<Strategy> {
  if (!MODULE_FILE.test(ref)) {
    if (STRATEGIES.some((s) => s.id === ref)) return strategyById(ref);
    throw new InputError({ path: '--strategy', problem: `'${ref}' is neither a module file nor a strategy id`, allowed: `${ALLOWED}, or one of ${STRATEGIES.map((s) => s.id).join(', ')}` });
  }
  return loadStrategyModule(ref);
}

/**
 * A user's strategy module, imported: its default export, or else its one export that looks like
 * a Strategy; every field is checked.
 */
async function loadStrategyModule(path: string): Promise<Strategy> {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined || !stats.isFile()) throw new InputError({ file: path, problem: stats === undefined ? 'no such file' : 'not a regular file', allowed: ALLOWED });
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(pathToFileURL(resolve(path)).href);
  } catch (e) {
    throw new InputError({ file: path, problem: `cannot be loaded: ${String((e as Error).message ?? e).split('\n')[0]}`, allowed: ALLOWED });
  }
  const named = Object.entries(mod).filter(([name, v]) => name !== 'default' && isObject(v) && typeof v.pause === 'function' && typeof v.resume === 'function');
  const [name, value] = mod.default !== undefined ? ['default', mod.default] : named.length === 1 ? named[0] : [null, null];
  if (name === null) {
    const problem = named.length === 0 ? 'exports no Strategy' : `exports ${named.length} strategies (${named.map(([n]) => n).join(', ')}) and no default`;
    throw new InputError({ file: path, problem, allowed: ALLOWED });
  }
  if (!isObject(value)) throw new InputError({ file: path, path: name, problem: `got ${typeof value}`, allowed: ALLOWED });
  for (const [field, allowed, ok] of FIELDS) {
    if (!ok(value[field])) throw new InputError({ file: path, path: `${name}.${field}`, problem: value[field] === undefined ? 'missing' : 'not of the right kind', allowed });
  }
  return { reads: [], ...value } as unknown as Strategy;
}
