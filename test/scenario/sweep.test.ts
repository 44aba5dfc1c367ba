import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, loadScenarioVariants } from '../../src/scenario/load.js';
import { expandSweep } from '../../src/scenario/sweep.js';
import { inputErrorOf } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'drainsim-sweep-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('sweep', () => {
  it('expands a two-parameter grid into named variants of one family', () => {
    const p = file('grid.yaml', 'name: grid\nstops: [ { at: 100, downtime: 60 } ]\nsweep:\n  - { parameter: churn.insertsPerHour, values: [0, 1000] }\n  - { parameter: "stops[0].downtime", values: [60, 1h] }\n');
    const v = loadScenarioVariants(p);
    expect(v.map((s) => s.name)).toEqual([
      'grid [churn.insertsPerHour=0, stops[0].downtime=60]',
      'grid [churn.insertsPerHour=0, stops[0].downtime=1h]',
      'grid [churn.insertsPerHour=1000, stops[0].downtime=60]',
      'grid [churn.insertsPerHour=1000, stops[0].downtime=1h]',
    ]);
    expect(v.every((s) => s.family === 'grid')).toBe(true);
    expect(v[3].churn.insertsPerHour).toBe(1000);
    expect(v[3].stops[0].downtime).toBe(3600);
    expect(v[1].sweep).toEqual([{ parameter: 'churn.insertsPerHour', value: 0 }, { parameter: 'stops[0].downtime', value: '1h' }]);
  });

  it('refuses bad sweeps and bad values with the field path', () => {
    const bad = (text: string) => inputErrorOf(() => loadScenarioVariants(file('bad.yaml', text))).message;
    expect(bad('name: x\nsweep: 3\n')).toMatch(/bad\.yaml: sweep: got 3/);
    expect(bad('name: x\nsweep: [ { parameter: "a..b", values: [1] } ]\n')).toMatch(/sweep\[0\]\.parameter/);
    expect(bad('name: x\nsweep: [ { parameter: "stops[2].at", values: [1] } ]\n')).toMatch(/list item the file does not have/);
    expect(bad('name: x\nsweep: [ { parameter: churn.insertsPerHour, values: [-1] } ]\n')).toMatch(/churn\.insertsPerHour: got -1/);
  });

  it('a single-scenario loader refuses a sweep file', () => {
    expect(() => loadScenarioFile(file('s.yaml', 'name: s\nsweep: [ { parameter: runs, values: [1, 2] } ]\n'))).toThrow(/a sweep file holds several scenarios/);
  });
});

// Found by the fuzz test: a sweep parameter was followed through inherited keys and assigned,
// so `__proto__.x` set a key on Object.prototype for the whole process (and every later scenario
// then had an unknown key), and `stops.length` stretched a list.
describe('sweep parameters reach only the file\'s own keys', () => {
  const refusal = (text: string) => inputErrorOf(() => loadScenarioVariants(file('own.yaml', text))).message;

  it.each([
    ['__proto__.polluted', /own\.yaml: __proto__: unknown key/],
    ['constructor.prototype.polluted', /own\.yaml: constructor: unknown key/],
    ['source.__proto__.polluted', /own\.yaml: source\.__proto__: unknown key/],
    ['stops.length', /own\.yaml: sweep\[0\]\.parameter: 'stops\.length' names a key of a list; allowed: a path of mappings and of list items the file has$/],
    ['source[0]', /own\.yaml: sweep\[0\]\.parameter: 'source\[0\]' names an item number of a mapping/],
    ['name.x', /sweep\[0\]\.parameter/],
  ])('%s', (parameter, message) => {
    expect(refusal(`name: x\nsource: { documents: 5 }\nstops: [ { at: 1 } ]\nsweep: [ { parameter: ${JSON.stringify(parameter)}, values: [1] } ]\n`)).toMatch(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

// Found by the fuzz test: the variant names were built from String(name), so a sweep file
// without a name, or with a list or an empty text as its name, was accepted ("undefined [...]").
describe('a sweep file needs a name like any scenario', () => {
  it.each([
    ['no name', '', /sweep-name\.yaml: name: missing \(required\); allowed: text of 1 to 200 characters, without control characters$/],
    ['a list', 'name: [a]\n', /sweep-name\.yaml: name: got a list of 1 item; allowed: text of 1 to 200 characters, without control characters$/],
    ['a number', 'name: 5\n', /sweep-name\.yaml: name: got 5; allowed: text/],
    ['empty text', 'name: ""\n', /sweep-name\.yaml: name: got ""; allowed: text/],
  ])('%s', (_label, name, message) => {
    const path = file('sweep-name.yaml', `${name}sweep: [ { parameter: runs, values: [1, 2] } ]\n`);
    expect(() => loadScenarioVariants(path)).toThrow(message);
  });
});

// Found by the fuzz test: every variant copied the whole file before any was validated, and the
// variants together had no bound: 400 variants of a 1 MiB file of 28,000 events made 11 million
// events (41 s, 2.9 GB), and 400 copies of a 1 MiB list under an unknown key took 800 MB before
// the unknown key was reported.
describe('sweep variants together are bounded, and built one at a time', () => {
  const grid = 'sweep:\n  - { parameter: seed, values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20] }\n  - { parameter: exporter.jitter, values: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9] }\n';

  it('refuses 400 variants of 251 stops and events (100,400 in all), accepts 249', () => {
    const stops = (n: number) => `stops:\n${'  - { at: 1 }\n'.repeat(n)}events:\n  - { at: 1, edit: { position: 0, count: 1 } }\n`;
    expect(() => loadScenarioVariants(file('items.yaml', `name: x\n${stops(250)}${grid}`))).toThrow(
      /items\.yaml: sweep: 400 variants of 251 stops and events hold 100400; allowed: variants × \(stops \+ events\) at most 100000$/,
    );
    expect(loadScenarioVariants(file('items.yaml', `name: x\n${stops(248)}${grid}`))).toHaveLength(400);
  });

  it('refuses variants with more than 100,000 runs together', () => {
    expect(() => loadScenarioVariants(file('runs.yaml', `name: x\nruns: 300\n${grid}`))).toThrow(
      /runs\.yaml: sweep: the variants have more than 100000 runs together; allowed: the runs of all variants together at most 100000$/,
    );
    expect(() => loadScenarioVariants(file('runs.yaml', 'name: x\nsweep: [ { parameter: runs, values: [100000, 1] } ]\n'))).toThrow(/runs\.yaml: sweep: the variants have more than 100000 runs/);
    expect(loadScenarioVariants(file('runs.yaml', `name: x\nruns: 250\n${grid}`))).toHaveLength(400);
  });

  it('builds a variant only when the one before it has been taken', () => {
    let copies = 0;
    const source = { get documents() {
      copies++;
      return 5;
    } };
    const variants = expandSweep({ name: 'x', source, sweep: [{ parameter: 'seed', values: [1, 2, 3] }] }, 'f.yaml');
    expect(variants.next().value?.doc).toMatchObject({ name: 'x [seed=1]', seed: 1, source: { documents: 5 } });
    expect(copies).toBe(1);
  });
});
