import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CRITERIA, KNOWN_STRATEGIES, loadDecision, parseDecision } from '../../src/analysis/decision-file.js';
import { analyseDecision } from '../../src/analysis/decision.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import { inputErrorOf } from '../helpers.js';
import { run } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'drainsim-decision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const minimal = { criteria: { misses: { weight: 1, direction: 'min' } } };

describe('decision file', () => {
  it('loads the shipped default with every criterion and an input for every strategy', () => {
    const decision = loadDecision('scenarios/decision.yaml');
    expect(Object.keys(decision.criteria).sort()).toEqual([...CRITERIA].sort());
    expect(Object.keys(decision.inputs).sort()).toEqual([...KNOWN_STRATEGIES].sort());
    expect(decision.budget).toBe(300);
    expect(decision.constraints).toEqual({ maxP99LatencyOverBudget: 0, allowMisses: false, allowDuplicates: true, allowFailures: false });
    expect(decision.stability).toEqual({ draws: 2000, spread: 0.5, seed: 1 });
    expect(decision.file).toBe('scenarios/decision.yaml');
    expect(decision.sensitivity?.base).toBe('decision-base-scenario.yaml');
    expect(decision.sensitivity?.parameters.map((p) => p.path)).toContain('churn.insertsPerHour');
    expect(decision.sensitivity?.map?.x.path).toBe('churn.deletesPerHour');
  });

  it('counts in iapiChanges exactly the IAPI capabilities each strategy needs', () => {
    const decision = loadDecision('scenarios/decision.yaml');
    for (const s of STRATEGIES) expect(decision.inputs[s.id as keyof typeof decision.inputs]?.iapiChanges, s.id).toBe(s.needs.length);
  });

  it('fills defaults: linear scale, 300 s budget, constraints and stability', () => {
    const decision = parseDecision(minimal, 'd.yaml');
    expect(decision.criteria.misses).toEqual({ weight: 1, direction: 'min', scale: 'linear' });
    expect(decision.budget).toBe(300);
    expect(decision.inputs).toEqual({});
    expect(decision.constraints.allowDuplicates).toBe(true);
    expect(decision.stability.draws).toBe(2000);
  });

  it('refuses an unknown key, naming the file, the key path and the allowed keys', () => {
    const error = inputErrorOf(() => parseDecision({ criteria: { misses: { weight: 1, direction: 'min', wieght: 2 } } }, 'd.yaml'));
    expect(error.message).toBe('d.yaml: criteria.misses.wieght: unknown key; allowed: keys weight, direction, scale, range');
    expect(error.file).toBe('d.yaml');
    expect(error.path).toBe('criteria.misses.wieght');
    expect(error.allowed).toBe('keys weight, direction, scale, range');
  });

  it('refuses an unknown criterion, top-level key and strategy', () => {
    expect(inputErrorOf(() => parseDecision({ criteria: { loss: { weight: 1, direction: 'min' } } }, 'd.yaml')).message).toMatch(
      /^d\.yaml: criteria\.loss: unknown key; allowed: keys duplicates, misses, .*effort/,
    );
    expect(inputErrorOf(() => parseDecision({ ...minimal, weights: {} }, 'd.yaml')).message).toBe(
      'd.yaml: weights: unknown key; allowed: keys budget, criteria, inputs, constraints, stability, uncertainty, sensitivity',
    );
    expect(inputErrorOf(() => parseDecision({ ...minimal, inputs: { 'temp-tables': { iapiChanges: 1, effort: 2 } } }, 'd.yaml')).path).toBe(
      'inputs.temp-tables',
    );
  });

  // Found by the fuzz test: an empty key made an empty field path ('d.yaml: unknown key').
  it('quotes keys that are not plain names in the field path', () => {
    expect(inputErrorOf(() => parseDecision({ ...minimal, '': 1 }, 'd.yaml')).message).toBe('d.yaml: [""]: unknown key; allowed: keys budget, criteria, inputs, constraints, stability, uncertainty, sensitivity');
    expect(inputErrorOf(() => parseDecision({ criteria: { misses: { weight: 1, direction: 'min', 'a b': 2 } } }, 'd.yaml')).path).toBe('criteria.misses["a b"]');
  });

  it('refuses bad values with what is allowed', () => {
    const cases: [unknown, string, string][] = [
      [{ criteria: { misses: { weight: -1, direction: 'min' } } }, 'criteria.misses.weight', '0, or a number from 1e-6 to 1000000'],
      [{ criteria: { misses: { weight: 1, direction: 'down' } } }, 'criteria.misses.direction', 'min, max'],
      [{ criteria: { misses: { weight: 1, direction: 'min', scale: 'sqrt' } } }, 'criteria.misses.scale', 'linear, log'],
      [{ ...minimal, inputs: { keyset: { iapiChanges: 1, effort: 7 } } }, 'inputs.keyset.effort', 'a number from 1 to 5'],
      [{ ...minimal, constraints: { allowMisses: 'no' } }, 'constraints.allowMisses', 'true, false'],
      [{ ...minimal, stability: { draws: 0.5 } }, 'stability.draws', 'an integer from 1 to 100000'],
      [{ ...minimal, budget: 0 }, 'budget', 'a number of seconds > 0 and at most 315360000 (10 years)'],
      [{ criteria: { misses: { weight: 0, direction: 'min' } } }, 'criteria', 'keys duplicates, misses, p99StopLatency, rerunSeconds, jobDetailsBytes, tempTableRetainedSeconds, collateralDeletes, statsRegressions, iapiChanges, effort, at least one with a weight > 0'],
    ];
    for (const [document, path, allowed] of cases) {
      const error = inputErrorOf(() => parseDecision(document, 'd.yaml'));
      expect(error.path).toBe(path);
      expect(error.allowed).toBe(allowed);
      expect(error.message).not.toContain('\n');
      expect(error.message.startsWith(`d.yaml: ${path}: `)).toBe(true);
    }
  });

  it('fills the sensitivity defaults and refuses bad sensitivity sections with the list index in the path', () => {
    const sensitivity = { base: 'b.yaml', parameters: [{ path: 'churn.insertsPerHour', low: 0, high: 100 }] };
    const filled = parseDecision({ ...minimal, sensitivity }, 'd.yaml').sensitivity!;
    expect(filled).toEqual({
      base: 'b.yaml',
      seeds: 1,
      strategies: [...KNOWN_STRATEGIES],
      metrics: ['duplicates', 'misses', 'p99StopLatency', 'rerunSeconds'],
      parameters: [{ path: 'churn.insertsPerHour', low: 0, high: 100, integer: false }],
      morris: { trajectories: 10, levels: 4, seed: 1 },
      assumptions: { seeds: 10 },
      discovery: { samples: 200, seed: 1, density: 0.8 },
    });
    const param = (over: object) => ({ ...minimal, sensitivity: { ...sensitivity, parameters: [sensitivity.parameters[0], { path: 'exporter.batchSize', low: 1, high: 9, ...over }] } });
    const cases: [unknown, string, RegExp][] = [
      [param({ low: 9 }), 'sensitivity.parameters[1].high', /high 9 is not above low 9; allowed: a number above low/],
      [param({ path: 'churn.insertsPerHour' }), 'sensitivity.parameters[1].path', /churn\.insertsPerHour is listed twice/],
      [param({ path: 'stops[x]' }), 'sensitivity.parameters[1].path', /not a YAML path of a scenario field; allowed: a YAML path of a numeric scenario field/],
      [param({ path: 'name' }), 'sensitivity.parameters[1].path', /not a YAML path/],
      [param({ integer: true, high: 9.5 }), 'sensitivity.parameters[1].low', /whole numbers with integer: true/],
      [param({ step: 1 }), 'sensitivity.parameters[1].step', /unknown key; allowed: keys path, low, high, integer$/],
      [{ ...minimal, sensitivity: { ...sensitivity, morris: { levels: 5 } } }, 'sensitivity.morris.levels', /not even; allowed: an even integer from 2 to 20/],
      [{ ...minimal, sensitivity: { ...sensitivity, metrics: ['effort'] } }, 'sensitivity.metrics[0]', /allowed: duplicates, misses, p99StopLatency/],
      [{ ...minimal, sensitivity: { ...sensitivity, strategies: ['keyset', 'keyset'] } }, 'sensitivity.strategies', /keyset is listed twice/],
      [{ ...minimal, sensitivity: { ...sensitivity, seeds: 0 } }, 'sensitivity.seeds', /allowed: an integer from 1 to 100/],
      [{ ...minimal, sensitivity: { ...sensitivity, parameters: [] } }, 'sensitivity.parameters', /allowed: a list of 1 to 20 mappings/],
      [{ ...minimal, sensitivity: { ...sensitivity, map: { x: { path: 'a.b', values: [1] }, y: { path: 'a.b', values: [2] } } } }, 'sensitivity.map.y.path', /the same parameter as x \(a\.b\)/],
      [{ ...minimal, sensitivity: { ...sensitivity, map: { x: { path: 'a.b', values: [] }, y: { path: 'c', values: [2] } } } }, 'sensitivity.map.x.values', /allowed: a list of 1 to 20 numbers/],
      [{ ...minimal, sensitivity: { parameters: sensitivity.parameters } }, 'sensitivity.base', /allowed: a scenario file without sweep/],
    ];
    for (const [document, path, pattern] of cases) {
      const error = inputErrorOf(() => parseDecision(document, 'd.yaml'));
      expect(error.path).toBe(path);
      expect(error.message).toMatch(pattern);
      expect(error.message).not.toContain('\n');
    }
  });

  // Found by the fuzz test: unbounded numbers broke the analysis. Weights of 1e308 overflowed the
  // perturbed sums (NaN scores, win shares summing to 0), weights of 5e-324 underflowed to 0 in the
  // stability draws (a plain Error with a stack trace), and draws of 1e15 never ended.
  it('bounds weights, spread, draws, budget and inputs so that the analysis stays finite', () => {
    const cases: [unknown, string, string][] = [
      [{ criteria: { misses: { weight: 1e308, direction: 'min' } } }, 'criteria.misses.weight', '0, or a number from 1e-6 to 1000000'],
      [{ criteria: { misses: { weight: 5e-324, direction: 'min' } } }, 'criteria.misses.weight', '0, or a number from 1e-6 to 1000000'],
      [{ ...minimal, stability: { spread: 100 } }, 'stability.spread', 'a number from 0 to 5'],
      [{ ...minimal, stability: { draws: 1e15 } }, 'stability.draws', 'an integer from 1 to 100000'],
      [{ ...minimal, budget: 1e300 }, 'budget', 'a number of seconds > 0 and at most 315360000 (10 years)'],
      [{ ...minimal, constraints: { maxP99LatencyOverBudget: 1e300 } }, 'constraints.maxP99LatencyOverBudget', 'a number of seconds from 0 to 315360000'],
      [{ ...minimal, inputs: { keyset: { iapiChanges: 1e300, effort: 1 } } }, 'inputs.keyset.iapiChanges', 'a number from 0 to 1000000 (IAPI capabilities needed, or a score)'],
    ];
    for (const [document, path, allowed] of cases) {
      const error = inputErrorOf(() => parseDecision(document, 'd.yaml'));
      expect(error).toMatchObject({ path, allowed });
      expect(error.message).toMatch(new RegExp(`^d\\.yaml: ${path.replace(/[.[\]]/g, '\\$&')}: got \\S+; allowed: `));
    }
    const results = ['restart', 'temp-table'].flatMap((strategy, i) => [1, 2].map((seed) => run(strategy, { seed, duplicates: i * seed, rerunSeconds: 10 * seed })));
    for (const weight of [1e-6, 1e6]) {
      const decision = parseDecision({ criteria: { duplicates: { weight, direction: 'min' }, rerunSeconds: { weight: 1e6, direction: 'min' } }, stability: { draws: 200, spread: 5 } }, 'd.yaml');
      const { stability } = analyseDecision(results, decision);
      for (const s of [stability.weightedSum, stability.topsis]) expect(s.shares.reduce((n, x) => n + x.share, 0)).toBeCloseTo(1, 12);
    }
  });

  it('refuses a missing criteria section and an empty document', () => {
    expect(inputErrorOf(() => parseDecision({}, 'd.yaml')).path).toBe('criteria');
    expect(inputErrorOf(() => parseDecision(null, 'd.yaml')).path).toBe('(top level)');
  });

  it('reports unreadable files and YAML syntax errors in one line', () => {
    const missing = join(dir, 'nope.yaml');
    expect(inputErrorOf(() => loadDecision(missing)).message).toBe(`${missing}: no such file`);
    const duplicated = file('dup.yaml', 'budget: 300\nbudget: 200\n');
    const error = inputErrorOf(() => loadDecision(duplicated));
    expect(error.message).toMatch(new RegExp(`^${duplicated}: YAML syntax error at line 2, column 1: .*; allowed: each key once in a mapping$`));
    expect(error.message).not.toContain('\n');
  });

  // Found by the fuzz test: the decision loader read any file whole and parsed it without the
  // limits of scenario files; an alias bomb escaped as a ReferenceError with a stack trace.
  it.each<[string, string | Uint8Array, RegExp]>([
    ['alias bomb', ['a: &a [x, x, x, x, x, x, x, x, x]', ...['b', 'c', 'd', 'e'].map((key, i) => `${key}: &${key} [${Array(9).fill(`*${'abcd'[i]}`).join(', ')}]`)].join('\n'), /: YAML alias error: Excessive alias count/],
    ['deep nesting', `criteria: ${'['.repeat(100_000)}`, /: nesting too deep at line 1, column \d+; allowed: at most 32 nested collections$/],
    ['binary data', 'budget: 1\u0000\n', /: binary data \(a NUL byte at byte 9\); allowed: UTF-8 YAML text$/],
    ['Latin-1', Buffer.from('budget: caf\xe9\n', 'latin1'), /: not valid UTF-8; allowed: UTF-8 YAML text$/],
    ['over 1 MiB', `#${'x'.repeat(2 ** 20)}\n`, /: the file has 1048578 bytes; allowed: at most 1048576 bytes \(1 MiB\)$/],
    ['empty', '', /: the file is empty; allowed: a YAML mapping of decision keys/],
    ['two documents', 'budget: 1\n---\nbudget: 2\n', /: YAML syntax error at line 2, column 1: more than one YAML document; allowed: one YAML document/],
  ])('refuses a file with %s like a scenario file', (label, content, message) => {
    const path = file(`${label.replace(/\W/g, '-')}.yaml`, content);
    const error = inputErrorOf(() => loadDecision(path));
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });
});
