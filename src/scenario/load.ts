import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { parseYamlText, readYamlFile, withFileErrors, type YamlInput } from '../io/yaml-file.js';
import { LIMITS } from './limits.js';
import { parseScenario } from './schema.js';
import { expandSweep } from './sweep.js';
import type { Scenario } from './types.js';

const SCENARIO_EXTENSION = /\.ya?ml$/i;

const SCENARIO_INPUT: YamlInput = { file: 'a scenario file (.yaml or .yml)', content: 'a YAML mapping of scenario keys' };

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/**
 * Loads each file, and each directory's `*.yaml` / `*.yml` files sorted by name (not recursive);
 * a file with a `sweep` gives one scenario per variant. Decision files (`decision*.yaml`) in a
 * directory are not scenarios and are skipped.
 */
export function loadScenarioPaths(pathsOrDirs: readonly string[]): LoadedScenario[] {
  return pathsOrDirs.flatMap(expandDirectory).flatMap((file) => loadScenarioVariants(file).map((scenario) => ({ file, scenario })));
}

/** A scenario file's scenarios: itself, or each variant of its sweep. */
export function loadScenarioVariants(path: string): Scenario[] {
  const doc = loadScenarioDocument(path);
  const scenarios: Scenario[] = [];
  let runs = 0;
  for (const { doc: variant, points } of expandSweep(doc, path)) {
    const scenario = parseScenario(variant, path);
    runs += scenario.runs;
    if (runs > LIMITS.sweepRuns) {
      throw new InputError({ file: path, path: 'sweep', problem: `the variants have more than ${LIMITS.sweepRuns} runs together`, allowed: `the runs of all variants together at most ${LIMITS.sweepRuns}` });
    }
    if (points.length > 0) {
      scenario.family = String((doc as { name: unknown }).name);
      scenario.sweep = points;
    }
    scenarios.push(scenario);
  }
  return scenarios;
}

function expandDirectory(path: string): string[] {
  if (!withFileErrors(path, () => statSync(path, { throwIfNoEntry: false }))?.isDirectory()) return [path];
  const names = withFileErrors(path, () => readdirSync(path))
    .filter((name) => SCENARIO_EXTENSION.test(name) && !name.startsWith('decision'))
    .sort();
  if (names.length === 0) {
    throw new InputError({ file: path, problem: 'the directory has no scenario files', allowed: '*.yaml or *.yml files' });
  }
  return names.map((name) => join(path, name));
}

/** One scenario file (a sweep file is refused here: use loadScenarioVariants). */
export function loadScenarioFile(path: string): Scenario {
  const variants = loadScenarioVariants(path);
  if (variants.length !== 1 || variants[0].sweep.length > 0) {
    throw new InputError({ file: path, path: 'sweep', problem: 'a sweep file holds several scenarios', allowed: 'a scenario without sweep here; suites and run take sweep files' });
  }
  return variants[0];
}

/** A scenario file's YAML document, checked and parsed but not yet validated: for variants built by YAML path. */
export function loadScenarioDocument(path: string): unknown {
  const doc = readYamlFile(path, SCENARIO_INPUT);
  // A fleet file (kind: fleet) is not a scenario: say which command reads it.
  if (doc !== null && typeof doc === 'object' && (doc as { kind?: unknown }).kind === 'fleet') {
    throw new InputError({ file: path, path: 'kind', problem: 'a fleet file, not a scenario', allowed: "a scenario file here; run a fleet file with 'drainsim fleet <file> --out <dir>'" });
  }
  return doc;
}

/** Parses and validates the text of a scenario file; `file` names it in errors. */
export function loadScenarioText(text: string, file: string): Scenario {
  return parseScenario(parseYamlText(text, file, SCENARIO_INPUT), file);
}
