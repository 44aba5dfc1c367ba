import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDecision } from '../../src/analysis/decision-file.js';
import { InputError } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/schema.js';
import { expandSweep } from '../../src/scenario/sweep.js';
import { JSON_SCHEMAS, renderJsonSchema } from '../../src/schemas/json-schemas.js';
import { loadScenarioVariants } from '../../src/scenario/load.js';
import { simulateScenario } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import { SEED, mutatedDocs, type Doc } from '../fuzz.js';

/** A real validator, strict: a keyword it does not know fails the compilation. */
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const validators = new Map(JSON_SCHEMAS.map((s) => [s.file, ajv.compile(JSON.parse(readFileSync(join('schemas', s.file), 'utf8')))]));

function errorsOf(schema: string, value: unknown): string[] {
  const validate = validators.get(schema)!;
  return validate(value) ? [] : validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`);
}

const YAML_FILES = ['scenarios', 'scenarios/example'].flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith('.yaml')).map((n) => join(dir, n)));

/** Does drainsim load this scenario document (each variant of a sweep)? */
function loads(doc: unknown): boolean {
  try {
    for (const variant of expandSweep(doc, 'case.yaml')) parseScenario(variant.doc, 'case.yaml');
    return true;
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}

describe('JSON Schemas (schemas/)', () => {
  it.each(JSON_SCHEMAS.map((s) => [s.file, s] as const))('%s is what `npm run schemas` writes from the zod schemas', (file, s) => {
    expect(readFileSync(join('schemas', file), 'utf8')).toBe(renderJsonSchema(s));
  });

  it('every shipped YAML file names its schema on its first line, and validates against it', () => {
    expect(YAML_FILES.length).toBeGreaterThan(10);
    for (const file of YAML_FILES) {
      const first = readFileSync(file, 'utf8').split('\n')[0];
      const schema = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
      expect(schema, `${file}: first line`).toBeDefined();
      const target = resolve(dirname(file), schema!);
      expect(target).toBe(resolve('schemas', file.endsWith('/decision.yaml') ? 'decision-file.schema.json' : 'scenario.schema.json'));
      expect(errorsOf(target.split('/').at(-1)!, parse(readFileSync(file, 'utf8'))), file).toEqual([]);
    }
  });

  it('reports/example: suite.json and every line of results.jsonl validate', () => {
    expect(errorsOf('suite.schema.json', JSON.parse(readFileSync('reports/example/suite.json', 'utf8')))).toEqual([]);
    const lines = readFileSync('reports/example/results.jsonl', 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(errorsOf('run-result.schema.json', JSON.parse(line))).toEqual([]);
  });

  it('runs with faults, failures, kills and aborts validate (run --json objects)', () => {
    for (const file of ['swarm-faults', 'todays-iapi', 'drain-stop-timeout', 'sort-key-edits']) {
      const [sc] = loadScenarioVariants(`scenarios/${file}.yaml`);
      const runs = simulateScenario({ ...sc, runs: 1, source: { ...sc.source, documents: Math.min(sc.source.documents, 20_000) } }, STRATEGIES);
      for (const r of runs) expect(errorsOf('run-result.schema.json', JSON.parse(JSON.stringify(r))), `${file} ${r.strategy}`).toEqual([]);
    }
  });

  it('refuses what drainsim refuses, naming the field', () => {
    const base = parse(readFileSync('scenarios/design-record-example.yaml', 'utf8')) as Doc;
    const cases: [Doc, RegExp][] = [
      [{ ...base, exporter: { batchSize: 0 } }, /^\/exporter\/batchSize must be >= 1$/],
      [{ ...base, stops: [{ at: '5 minutes' }] }, /^\/stops\/0\/at must match pattern/],
      [{ ...base, churn: { insertsPerHour: 1, insertsPerHr: 2 } }, /^\/churn must NOT have additional properties$/],
      [{ ...base, events: [{ at: 1, insert: { position: 0, count: 1 }, delete: { position: 0, count: 1 } }] }, /^\/events\/0 must NOT have more than 2 properties$/],
      [{ ...base, sweep: [{ parameter: 'seed', values: [1] }, { parameter: 'runs', values: [1] }, { parameter: 'budget', values: [1] }] }, /^\/sweep must NOT have more than 2 items$/],
      [{ description: 'no name' }, /^\/ must have required property 'name'$/],
    ];
    for (const [doc, message] of cases) {
      expect(loads(doc)).toBe(false);
      expect(errorsOf('scenario.schema.json', doc)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    }
    const decision = parse(readFileSync('scenarios/decision.yaml', 'utf8')) as Doc;
    const bad = { ...decision, criteria: { ...(decision.criteria as Doc), misses: { weight: 1, direction: 'down' } } };
    expect(() => parseDecision(bad, 'd.yaml')).toThrow(InputError);
    expect(errorsOf('decision-file.schema.json', bad)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/criteria\/misses\/direction must be equal to one of the allowed values$/)]));
  });

  it('never refuses a scenario drainsim loads (2000 mutations of the shipped files)', () => {
    const bases = YAML_FILES.filter((f) => !f.includes('decision.yaml')).map((f) => parse(readFileSync(f, 'utf8')) as Doc);
    let loaded = 0;
    fc.assert(
      // Without their sweep: a sweep replaces the values at its paths, so drainsim does not look at the file's own.
      fc.property(mutatedDocs(bases), ({ sweep: _sweep, ...doc }) => {
        if (!loads(doc)) return;
        loaded++;
        // As a YAML or JSON file holds it: no undefined values.
        const errors = errorsOf('scenario.schema.json', JSON.parse(JSON.stringify(doc)));
        if (errors.length > 0) throw new Error(`drainsim loads it, the schema refuses it: ${errors.join('; ')}\n${JSON.stringify(doc)}`);
      }),
      { seed: SEED, numRuns: 2000 },
    );
    expect(loaded).toBeGreaterThan(200);
  });
});
