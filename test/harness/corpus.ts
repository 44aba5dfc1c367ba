import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { parse, stringify } from 'yaml';

/**
 * The hostile-input corpus: scenario files, decision files and suite folders, each mutated the way
 * a careless or hostile user (or a broken disk) would, with the command that reads it. Built from
 * a seed, so every run of the harness meets the same corpus; `scale` multiplies it (the nightly
 * size).
 */
export interface HostileCase {
  /** The case's own folder: every file in it that drainsim does not own must stay as it was. */
  sandbox: string;
  name: string;
  /** The CLI's arguments. */
  args: string[];
  /** The folder the command may write (its --out, or the suite folder decide writes into); everything else must stay as it was. */
  out: string | null;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

/** Small valid scenarios, quick to run: the starting points of the scenario mutations. */
export const BASE_SCENARIOS = [
  `name: h-churn
description: "churn and a stop"
seed: 2
source: { documents: 2000, order: sort-key }
exporter: { batchSize: 100, docsPerSecond: 200 }
stops: [ { at: 5, downtime: 10m } ]
churn: { insertsPerHour: 2000, deletesPerHour: 500 }
faults: { swarm: { secondStop: 0.5, transientErrors: 0.5 } }
events: [ { at: 3, insert: { position: 5, count: 10 } } ]
`,
  `name: h-shared
source: { documents: 1500 }
files: { meanBytes: 1000000, sigma: 2, largeShare: 0.01, largeBytes: 1000000000, pagesPerDoc: 2 }
iapi: { append: false }
job: { overwrite: true, sharedFolderFiles: 3, killAfter: 2m, drainStopTimeout: 30s }
stops: [ { at: 3, downtime: 1m }, { at: 20, downtime: 5m } ]
`,
  `name: h-sweep
source: { documents: 1000, order: sort-key }
stops: [ { at: 4, downtime: 10m } ]
churn: { sortKeyEditsPerHour: 1000 }
sweep:
  - { parameter: "stops[0].downtime", values: [1m, 1h] }
`,
];

/** Numeric fields and the values a hostile file puts there (YAML text). */
const NUMBER_PATHS = [
  ['source', 'documents'],
  ['exporter', 'batchSize'],
  ['exporter', 'docsPerSecond'],
  ['exporter', 'exportErrorRetries'],
  ['files', 'bytesPerSecond'],
  ['files', 'meanBytes'],
  ['files', 'sigma'],
  ['files', 'pagesPerDoc'],
  ['churn', 'insertsPerHour'],
  ['churn', 'contentEditsPerHour'],
  ['faults', 'transientErrorProbability'],
  ['faults', 'errorBurst'],
  ['faults', 'stallFactor'],
  ['job', 'pollSeconds'],
  ['job', 'statsStep'],
  ['job', 'killAfter'],
  ['seed'],
  ['runs'],
  ['budget'],
];
const HOSTILE_NUMBERS: unknown[] = [-1, 0, 5e-324, 1e-300, 1e308, 1.5, Number.MAX_SAFE_INTEGER + 2, 1e400, '12', null, [], {}, true, '1e3x', '-0', '10 years', 'Infinity', 2 ** 31, -(2 ** 31)];
const HOSTILE_TEXT = ['red \u001b[31m name', 'ding\u0007', 'nul\u0000', 'csi\u009b2J', 'bidi\u202eevil', 'two\nlines', '', 'x'.repeat(5000), '<script>alert(1)</script>', '=HYPERLINK("http://x","y")', '| *b* [l](javascript:x)'];

/** A mapping's value at a path, made when missing. */
function setIn(doc: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = doc;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** One mutation of a YAML text: structured (a value, a key) or of the bytes themselves. */
function mutateYaml(rng: Rng, text: string, fields: readonly (readonly string[])[], texts: readonly (readonly string[])[]): { label: string; bytes: Buffer } {
  const doc = parse(text) as Record<string, unknown>;
  const kind = Math.floor(rng() * 12);
  const yaml = (d: unknown) => Buffer.from(stringify(d));
  switch (kind) {
    case 0:
    case 1:
    case 2: {
      const path = pick(rng, fields);
      const value = pick(rng, HOSTILE_NUMBERS);
      setIn(doc, path, value);
      return { label: `${path.join('.')}=${JSON.stringify(value)}`, bytes: yaml(doc) };
    }
    case 3: {
      const path = pick(rng, texts);
      const value = pick(rng, HOSTILE_TEXT);
      setIn(doc, path, value);
      return { label: `${path.join('.')}=${JSON.stringify(value.slice(0, 20))}`, bytes: yaml(doc) };
    }
    case 4: {
      const keys = Object.keys(doc);
      const key = pick(rng, keys);
      delete doc[key];
      return { label: `without ${key}`, bytes: yaml(doc) };
    }
    case 5: {
      const path = pick(rng, fields);
      setIn(doc, [...path.slice(0, -1), `${path[path.length - 1]}X`], 1);
      return { label: `unknown key near ${path.join('.')}`, bytes: yaml(doc) };
    }
    case 6: {
      const at = Math.floor(rng() * text.length);
      return { label: `cut at ${at}`, bytes: Buffer.from(text.slice(0, at)) };
    }
    case 7: {
      const bytes = Buffer.from(text);
      const at = Math.floor(rng() * bytes.length);
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 8) }, () => Math.floor(rng() * 256)));
      return { label: `binary at ${at}`, bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]) };
    }
    case 8:
      return { label: 'duplicate key', bytes: Buffer.from(`${text}${text.split('\n')[0]}\n`) };
    case 9: {
      const structures = [
        ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
        ['alias bomb', ['a: &a [x, x, x, x, x, x, x, x, x]', ...['b', 'c', 'd', 'e', 'f', 'g'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`), 'name: *g'].join('\n')],
        ['two documents', `${text}---\n${text}`],
        ['a list at the top', `- ${text.split('\n')[0]}\n`],
        ['tab indentation', text.replace(/\n {2}/g, '\n\t')],
        ['many keys', `${text}extra:\n${Array.from({ length: 200 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`],
        ['a huge list', `${text.replace(/^stops:.*$/m, '')}stops:\n${Array.from({ length: 10_001 }, (_, i) => `  - { at: ${i} }`).join('\n')}\n`],
        ['a YAML 1.1 merge key', `base: &b { documents: 10 }\n${text}source2: { <<: *b }\n`],
        ['an empty file', ''],
        ['only a comment', '# nothing\n'],
      ] as const;
      const [label, body] = pick(rng, structures);
      return { label, bytes: Buffer.from(body) };
    }
    case 10: {
      const path = pick(rng, fields);
      setIn(doc, path, Array.from({ length: 3 }, () => pick(rng, HOSTILE_NUMBERS)));
      return { label: `${path.join('.')} a list`, bytes: yaml(doc) };
    }
    default:
      return { label: 'invalid UTF-8', bytes: Buffer.concat([Buffer.from(text.slice(0, 10)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(text.slice(10))]) };
  }
}

/** Every number path that exists in the decision file, found by walking it. */
function numberPaths(doc: unknown, at: string[] = []): string[][] {
  if (typeof doc === 'number') return [at];
  if (typeof doc !== 'object' || doc === null) return [];
  return Object.entries(doc).flatMap(([k, v]) => numberPaths(v, [...at, k]));
}

function textPaths(doc: unknown, at: string[] = []): string[][] {
  if (typeof doc === 'string') return [at];
  if (typeof doc !== 'object' || doc === null) return [];
  return Object.entries(doc).flatMap(([k, v]) => textPaths(v, [...at, k]));
}

/** A suite folder copied and tampered with: what was done, in words. */
function tamperSuite(rng: Rng, dir: string, sandbox: string): string {
  const file = (name: string) => join(dir, name);
  const lines = (name: string) => readFileSync(file(name), 'utf8').split('\n').filter((l) => l !== '');
  const kind = Math.floor(rng() * 16);
  switch (kind) {
    case 0:
    case 1: {
      const m = JSON.parse(readFileSync(file('suite.json'), 'utf8'));
      const i = Math.floor(rng() * m.scenarios.length);
      const path = pick(rng, NUMBER_PATHS.filter((p) => p[0] !== 'job' || p[1] !== 'killAfter'));
      const value = pick(rng, HOSTILE_NUMBERS);
      setIn(m.scenarios[i].scenario, path, value);
      writeFileSync(file('suite.json'), JSON.stringify(m, null, 2));
      return `suite.json scenarios[${i}].${path.join('.')}=${JSON.stringify(value)}`;
    }
    case 2: {
      const m = JSON.parse(readFileSync(file('suite.json'), 'utf8'));
      const change = pick(rng, [
        () => m.strategies.push(m.strategies[0]),
        () => (m.strategies = ['magic']),
        () => (m.strategies = []),
        () => (m.shard = pick(rng, ['0/1', '2/1', 'x', '1/0', '1/100001'])),
        () => (m.scenarios[0].scenario.name = pick(rng, HOSTILE_TEXT)),
        () => (m.scenarios[0].scenario.runs = 1e9),
        () => (m.scenarios = m.scenarios.concat(m.scenarios)),
        () => (m.extra = 1),
        () => (m.scenarios[0].file = 42),
      ]);
      change();
      writeFileSync(file('suite.json'), JSON.stringify(m));
      return 'suite.json changed';
    }
    case 3: {
      const text = readFileSync(file('suite.json'));
      writeFileSync(file('suite.json'), text.subarray(0, Math.floor(rng() * text.length)));
      return 'suite.json cut';
    }
    case 4:
    case 5: {
      const name = pick(rng, ['results.jsonl', 'timelines.jsonl']);
      const all = lines(name);
      const i = Math.floor(rng() * all.length);
      const row = JSON.parse(all[i]) as Record<string, unknown>;
      const key = pick(rng, Object.keys(row));
      row[key] = pick(rng, HOSTILE_NUMBERS);
      all[i] = JSON.stringify(row);
      writeFileSync(file(name), `${all.join('\n')}\n`);
      return `${name} line ${i + 1} ${key}`;
    }
    case 6: {
      const name = pick(rng, ['results.jsonl', 'timelines.jsonl']);
      const all = lines(name);
      const i = Math.floor(rng() * all.length);
      const how = pick(rng, ['delete', 'duplicate', 'swap', 'foreign', 'empty-line']);
      if (how === 'delete') all.splice(i, 1);
      if (how === 'duplicate') all.splice(i, 0, all[i]);
      if (how === 'swap') all.reverse();
      if (how === 'foreign') all.splice(i, 0, pick(rng, ['{"scenario":"x","seed":1,"strategy":"restart"}', 'not json', '{}', '[]', 'null', '{"scenario":"h-churn","seed":1e9,"strategy":"restart"}']));
      if (how === 'empty-line') all.splice(i, 0, '');
      writeFileSync(file(name), `${all.join('\n')}\n`);
      return `${name} ${how} at line ${i + 1}`;
    }
    case 7: {
      const name = pick(rng, ['results.jsonl', 'timelines.jsonl']);
      const bytes = readFileSync(file(name));
      const at = Math.floor(rng() * bytes.length);
      writeFileSync(file(name), bytes.subarray(0, at));
      return `${name} cut at byte ${at}`;
    }
    case 8: {
      const name = pick(rng, ['results.jsonl', 'timelines.jsonl', 'suite.json']);
      rmSync(file(name));
      return `without ${name}`;
    }
    case 9: {
      const list = existsSync(file('.drainsim-files')) ? readFileSync(file('.drainsim-files'), 'utf8') : '';
      const change = pick(rng, [`${list}file\t../outside.txt\n`, `${list}file\t/etc/passwd\n`, 'garbage\n', list.split('\n').slice(0, 3).join('\n'), `${list}tmp\tnotes.txt\n`]);
      writeFileSync(file('.drainsim-files'), change);
      writeFileSync(file('notes.txt'), 'a file of the user');
      return '.drainsim-files changed';
    }
    case 10: {
      const lock = pick(rng, ['{"pid":999999,"host":"elsewhere","command":"suite"}', '{"pid":2147483646,"host":"HOST","command":"suite"}', 'garbage', '']);
      writeFileSync(file('.drainsim-lock'), lock.replace('HOST', (process.env.HOSTNAME ?? '')));
      return `lock ${lock.slice(0, 20)}`;
    }
    case 11: {
      rmSync(file('charts'), { recursive: true });
      symlinkSync(join(sandbox, 'precious'), file('charts'));
      return 'charts a link to a folder of the user';
    }
    case 12: {
      const name = pick(rng, ['report.md', 'decision.md', 'results.csv']);
      rmSync(file(name));
      symlinkSync(join(sandbox, 'precious', 'keep.txt'), file(name));
      return `${name} a link to a file of the user`;
    }
    case 13: {
      const name = pick(rng, ['results.jsonl', 'suite.json', 'timelines.jsonl']);
      rmSync(file(name));
      spawnSync('mkfifo', [file(name)]);
      return `${name} a FIFO`;
    }
    case 14: {
      const name = pick(rng, ['report.md', 'charts/decision-ranking.png']);
      rmSync(file(name));
      mkdirSync(file(name));
      return `${name} a folder`;
    }
    default: {
      writeFileSync(file('report.md.tmp-1'), 'a file of the user named like a temporary one');
      writeFileSync(file('charts/mine.png'), 'a chart of the user');
      return 'user files named like drainsim files';
    }
  }
}

/**
 * Builds the corpus under `root`: cases of scenario files for `run` (and some for `suite`),
 * decision files for `decide` on a copy of `reference` (a small finished suite of
 * `referenceScenarios`), tampered copies of it for `suite --resume`, `decide` and `merge`, and
 * hostile paths. Each case has its own sandbox folder holding `precious/` (files of the user
 * that must never change).
 */
export function buildCorpus(root: string, reference: string, referenceScenarios: string, scale: number, seed = 'drainsim-hostile'): HostileCase[] {
  const rng = seedrandom(seed);
  const cases: HostileCase[] = [];
  let n = 0;
  const sandbox = (): string => {
    const dir = join(root, `case-${String(n++).padStart(4, '0')}`);
    mkdirSync(join(dir, 'precious'), { recursive: true });
    writeFileSync(join(dir, 'precious', 'keep.txt'), 'the user wrote this');
    writeFileSync(join(dir, 'precious', '01-h-churn-latency.png'), 'not a chart of drainsim');
    writeFileSync(join(dir, 'notes.tmp-123'), 'the user wrote this too');
    return dir;
  };
  const scenarioTexts = BASE_SCENARIOS;
  const scenarioFields = NUMBER_PATHS;
  const scenarioTextFields = [['name'], ['description']];
  // Scenario files: run (the most), suite on some.
  for (let i = 0; i < 110 * scale; i++) {
    const dir = sandbox();
    const { label, bytes } = mutateYaml(rng, pick(rng, scenarioTexts), scenarioFields, scenarioTextFields);
    const file = join(dir, 'case.yaml');
    writeFileSync(file, bytes);
    if (i % 8 === 7) {
      cases.push({ sandbox: dir, name: `suite: ${label}`, args: ['suite', file, '--out', join(dir, 'out'), '--runs', '1', '--jobs', '1', '--strategy', 'restart,keyset'], out: join(dir, 'out') });
    } else {
      const extra = pick(rng, [[], [], ['--json'], ['--strategy', 'restart,restart'], ['--seed', '-1'], ['--strategy', 'keyset'], ['--check-determinism']]);
      cases.push({ sandbox: dir, name: `run: ${label} ${extra.join(' ')}`, args: ['run', file, '--runs', '1', ...extra], out: null });
    }
  }
  // Decision files: decide on a copy of the reference suite.
  const decisionText = readFileSync('scenarios/decision.yaml', 'utf8').replace(/\nsensitivity:[\s\S]*$/, '\n');
  const decisionDoc = parse(decisionText);
  const decisionFields = numberPaths(decisionDoc);
  const decisionTextFields = textPaths(decisionDoc);
  for (let i = 0; i < 40 * scale; i++) {
    const dir = sandbox();
    const { label, bytes } = mutateYaml(rng, decisionText, decisionFields, decisionTextFields);
    writeFileSync(join(dir, 'decision.yaml'), bytes);
    const suite = join(dir, 'suite');
    cpSync(reference, suite, { recursive: true });
    cases.push({ sandbox: dir, name: `decide: ${label}`, args: ['decide', suite, '--decision', join(dir, 'decision.yaml')], out: suite });
  }
  // Suite folders tampered with: --resume, decide, merge.
  for (let i = 0; i < 50 * scale; i++) {
    const dir = sandbox();
    const suite = join(dir, 'suite');
    cpSync(reference, suite, { recursive: true });
    const label = tamperSuite(rng, suite, dir);
    const command = pick(rng, ['resume', 'resume', 'decide', 'merge']);
    if (command === 'resume') cases.push({ sandbox: dir, name: `suite --resume: ${label}`, args: ['suite', referenceScenarios, '--out', suite, '--resume', '--jobs', '1'], out: suite });
    if (command === 'decide') cases.push({ sandbox: dir, name: `decide: ${label}`, args: ['decide', suite], out: suite });
    if (command === 'merge') cases.push({ sandbox: dir, name: `merge: ${label}`, args: ['merge', suite, '--out', join(dir, 'merged')], out: join(dir, 'merged') });
  }
  // Hostile paths.
  const paths: [string, (dir: string) => string[], (dir: string) => string | null][] = [
    ["--out ''", () => ['suite', referenceScenarios, '--out', ''], () => null],
    ['--out a file', (d) => ['suite', referenceScenarios, '--out', join(d, 'precious', 'keep.txt')], () => null],
    ['--out a link', (d) => (symlinkSync(join(d, 'precious'), join(d, 'link')), ['suite', referenceScenarios, '--out', join(d, 'link'), '--force']), () => null],
    ['--out under a file', (d) => ['suite', referenceScenarios, '--out', join(d, 'precious', 'keep.txt', 'x')], () => null],
    ['a scenario FIFO', (d) => (spawnSync('mkfifo', [join(d, 'fifo.yaml')]), ['run', join(d, 'fifo.yaml')]), () => null],
    ['a scenario /dev/zero', () => ['run', '/dev/zero'], () => null],
    ['a scenario link to /dev/zero', (d) => (symlinkSync('/dev/zero', join(d, 'zero.yaml')), ['run', join(d, 'zero.yaml')]), () => null],
    ['a folder without scenarios', (d) => (mkdirSync(join(d, 'empty')), ['suite', join(d, 'empty'), '--out', join(d, 'out')]), (d) => join(d, 'out')],
    [
      'a scenario file name with control characters',
      (d) => {
        mkdirSync(join(d, 'in'));
        writeFileSync(join(d, 'in', 'evil\u001b[31m\u0007.yaml'), BASE_SCENARIOS[1].replace('h-shared', 'h-evil-file'));
        return ['suite', join(d, 'in'), '--out', join(d, 'out'), '--runs', '1', '--jobs', '1', '--strategy', 'restart'];
      },
      (d) => join(d, 'out'),
    ],
    ['decide on a file', (d) => ['decide', join(d, 'precious', 'keep.txt')], () => null],
    ['decide on a link', (d) => (symlinkSync(reference, join(d, 'suite-link')), ['decide', join(d, 'suite-link')]), () => null],
    ['a decision FIFO', (d) => (spawnSync('mkfifo', [join(d, 'decision.yaml')]), cpSync(reference, join(d, 'suite'), { recursive: true }), ['decide', join(d, 'suite'), '--decision', join(d, 'decision.yaml')]), (d) => join(d, 'suite')],
  ];
  for (let i = 0; i < scale; i++) {
    for (const [label, make, out] of paths) {
      const dir = sandbox();
      cases.push({ sandbox: dir, name: `path: ${label}`, args: make(dir), out: out(dir) });
    }
  }
  return cases;
}
