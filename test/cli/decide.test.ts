import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideCommand } from '../../src/commands/decide.js';
import { InputError } from '../../src/errors.js';
import { loadScenarioPaths } from '../../src/scenario/load.js';
import { simulateScenario } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import { cli, expectRefused } from './run-cli.js';
import { ASSUMPTIONS } from '../../src/scenario/assumptions.js';

const root = mkdtempSync(join(tmpdir(), 'drainsim-decide-'));
/** The suite below: 10 scenario × seed runs, each by every strategy. */
const RUNS = 10 * STRATEGIES.length;

/** A suite output folder as `suite --out` leaves it: results.jsonl (one run --json object a line) and suite.json. */
function writeSuite(dir: string, files: string[], runs: number, shard = '1/1'): string[] {
  const scenarios = loadScenarioPaths(files);
  for (const s of scenarios) s.scenario.runs = runs;
  const lines = scenarios.flatMap((s) => simulateScenario(s.scenario, STRATEGIES)).map((r) => `${JSON.stringify(r)}\n`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.jsonl'), lines.join(''));
  writeFileSync(join(dir, 'suite.json'), JSON.stringify({ scenarios, strategies: STRATEGIES.map((s) => s.id), shard }, null, 2));
  return lines;
}

const decisionCharts = (dir: string) => readdirSync(join(dir, 'charts')).filter((f) => f.startsWith('decision-')).sort();
const isPng = (path: string) => readFileSync(path).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const sections = (markdown: string) => markdown.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));

const suite = join(root, 'suite');
let lines: string[];
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => {
  lines = writeSuite(suite, ['scenarios/design-record-example.yaml', 'scenarios/churn-sweep.yaml'], 2);
});

/** A small study, so the test stays quick: 3 strategies, 2 parameters, a 2 × 2 map. */
function smallStudy(dir: string): string {
  writeFileSync(
    join(dir, 'base.yaml'),
    'name: small-base\nsource: { documents: 4000, order: sort-key }\nexporter: { docsPerSecond: 100 }\nstops: [ { at: 20, downtime: 1h } ]\nchurn: { insertsPerHour: 1000 }\n',
  );
  const decision = readFileSync('scenarios/decision.yaml', 'utf8').replace(/\nsensitivity:[\s\S]*$/, '\n');
  const file = join(dir, 'decision-small.yaml');
  writeFileSync(
    file,
    `${decision}sensitivity:
  base: base.yaml
  strategies: [restart, index-shift, temp-table]
  metrics: [duplicates, misses]
  parameters:
    - { path: churn.insertsPerHour, low: 0, high: 4000 }
    - { path: exporter.batchSize, low: 250, high: 1000, integer: true }
  morris: { trajectories: 2 }
  map:
    x: { path: churn.insertsPerHour, values: [0, 4000] }
    y: { path: source.documents, values: [2000, 8000] }
`,
  );
  return file;
}

describe('decide', () => {
  it('writes decision.md with the Decision and Consequences and PNG charts, and prints the choice', () => {
    const r = cli('decide', suite);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^decide: (we choose [a-z-]+ \\(.*\\)|no single choice: .*|no strategy meets the constraints), from ${RUNS} of ${RUNS} runs\n`));
    expect(r.stdout).toContain(`decide: ${join(suite, 'decision.md')}, ${join(suite, 'decision.json')} and 2 charts in ${join(suite, 'charts')}; report.md and report.html rewritten with the same bottom line`);
    const md = readFileSync(join(suite, 'decision.md'), 'utf8');
    expect(sections(md)).toEqual(['Bottom line', 'What the choice rests on', 'Status', 'Context', 'Runs', 'Criteria', 'Decision matrix', 'Constraints', 'Ranking', 'Rank stability', 'Robustness', 'Regret', 'Pareto front', 'Sensitivity', 'Decision', 'Consequences']);
    // The runs and the parameters every number rests on.
    expect(md).toContain('| design-record-example | `scenarios/design-record-example.yaml` | 1–2 | `source.documents=4`');
    expect(md).toContain('`churn.insertsPerHour=8000`');
    expect(md).toContain(`10 scenario × seed runs, each run by all ${STRATEGIES.length} strategies (${RUNS} runs)`);
    expect(md).toContain('Not run: run `drainsim decide <suite-dir> --sensitivity`');
    for (const chart of ['decision-ranking.png', 'decision-pareto.png']) {
      expect(md).toContain(`(charts/${chart})`);
      expect(isPng(join(suite, 'charts', chart))).toBe(true);
    }
    // The report is rewritten to open with the same bottom line as decision.md.
    const report = readFileSync(join(suite, 'report.md'), 'utf8');
    const recommended = /^- \*\*Recommended: [a-z-]+\*\*.*$/m.exec(md)?.[0] ?? /^- \*\*No .*$/m.exec(md)![0];
    expect(report).toContain(recommended);
    expect(readFileSync(join(suite, 'report.html'), 'utf8')).toContain('id="weights-explorer"');
    // The suite's own files are read, never changed.
    expect(readFileSync(join(suite, 'results.jsonl'), 'utf8')).toBe(lines.join(''));
  });

  it('gives the same bytes on every run', () => {
    cli('decide', suite);
    const md = readFileSync(join(suite, 'decision.md'));
    const png = readFileSync(join(suite, 'charts', 'decision-pareto.png'));
    expect(cli('decide', suite).code).toBe(0);
    expect(readFileSync(join(suite, 'decision.md')).equals(md)).toBe(true);
    expect(readFileSync(join(suite, 'charts', 'decision-pareto.png')).equals(png)).toBe(true);
  });

  it('with --sensitivity states the cost first, then adds the tornado, Morris and decision-map charts and sections', () => {
    const dir = join(root, 'study');
    writeSuite(dir, ['scenarios/design-record-example.yaml'], 1);
    const decision = smallStudy(dir);
    const r = cli('decide', dir, '--decision', decision, '--sensitivity');
    expect(r.code).toBe(0);
    const cost = /^decide: sensitivity study: (\d+) points \(tornado 5, Morris 6, map 4(, \d+ shared)?\) × 1 seed × 3 strategies = (\d+) simulation runs on .*base\.yaml; starting$/m.exec(r.stderr);
    expect(cost).not.toBeNull();
    expect(Number(cost![3])).toBe(Number(cost![1]) * 3);
    const md = readFileSync(join(dir, 'decision.md'), 'utf8');
    expect(sections(md)).toEqual(expect.arrayContaining(['Sensitivity', 'Decision map', 'Decision', 'Consequences']));
    expect(md).toContain(`Cost: ${cost![0].slice('decide: sensitivity study: '.length, -'; starting'.length)}.`);
    expect(md).toMatch(/\| source\.documents \\\\ churn\.insertsPerHour \| 0 \| 4,000 \|\n\| --- \| --- \| --- \|\n\| 2,000 \| [a-z:, -]+ \| [a-z:, -]+ \|/);
    const charts = decisionCharts(dir);
    expect(charts).toEqual([
      'decision-map.png',
      'decision-morris-duplicates.png',
      'decision-morris-misses.png',
      'decision-pareto.png',
      'decision-ranking.png',
      'decision-tornado-duplicates.png',
      'decision-tornado-misses.png',
    ]);
    for (const chart of charts) {
      expect(isPng(join(dir, 'charts', chart))).toBe(true);
      expect(md).toContain(`(charts/${chart})`);
    }
    // Without --sensitivity again: no study, and no chart of the earlier one left to mislead.
    expect(cli('decide', dir, '--decision', decision).code).toBe(0);
    expect(decisionCharts(dir)).toEqual(['decision-pareto.png', 'decision-ranking.png']);
    expect(readFileSync(join(dir, 'decision.md'), 'utf8')).not.toContain('## Decision map');
  });
});

/**
 * A small study where one assumption flips the choice: restart against temp-table-exact on a job
 * whose destination holds 40 files of other jobs. With Overwrite per file restart wins; if the
 * overwrite wipes the folder, restart's rerun deletes all 40 (collateralDeletes 40, the whole of its
 * default range 0–40), which costs it the collateralDeletes weight, 10 of 40: its score drops by 0.25.
 */
function flipStudy(dir: string): string {
  writeFileSync(
    join(dir, 'flip-base.yaml'),
    'name: flip-base\nsource: { documents: 4000, order: sort-key }\nexporter: { docsPerSecond: 10 }\njob: { sharedFolderFiles: 40 }\nstops: [ { at: 20, downtime: 1h } ]\nchurn: { insertsPerHour: 500 }\n',
  );
  const decision = readFileSync('scenarios/decision.yaml', 'utf8')
    .replace(/\nsensitivity:[\s\S]*$/, '\n')
    .replace('collateralDeletes: { weight: 5, direction: min }', 'collateralDeletes: { weight: 10, direction: min }');
  const file = join(dir, 'decision-flip.yaml');
  writeFileSync(
    file,
    `${decision}sensitivity:
  base: flip-base.yaml
  strategies: [restart, temp-table-exact]
  metrics: [misses]
  parameters:
    - { path: churn.insertsPerHour, low: 0, high: 4000 }
    - { path: churn.deletesPerHour, low: 0, high: 1000 }
  assumptions: { seeds: 2 }
  discovery: { samples: 20 }
`,
  );
  return file;
}

describe('decide --assumptions, --discover and --json', () => {
  const dir = join(root, 'robust');
  let r: ReturnType<typeof cli>;
  let json: Record<string, any>;
  beforeAll(() => {
    writeSuite(dir, ['scenarios/design-record-example.yaml'], 1);
    r = cli('decide', dir, '--decision', flipStudy(dir), '--assumptions', '--discover', '--json');
    json = JSON.parse(r.stdout);
  });

  it('states the number of runs before it starts, shows progress, and lists every assumption key with each alternative', () => {
    expect(r.code).toBe(0);
    // The base, 6 other alternatives, and the 3 IAPI capabilities temp-table-exact needs (restart needs none): 10 scenarios.
    const cost = /^decide: assumptions: 10 scenarios \(the base and 9 alternatives, one assumption or IAPI capability at a time\) × 2 seeds × their strategies = (\d+) simulation runs on .*flip-base\.yaml; starting$/m.exec(r.stderr);
    expect(cost).not.toBeNull();
    // temp-table-exact is not run where a capability it needs is off: 7 × 2 seeds × 2 strategies + 3 × 2 × 1.
    expect(Number(cost![1])).toBe(34);
    expect(r.stderr.indexOf('; starting')).toBeLessThan(r.stderr.indexOf('decide: assumptions: 34/34 runs (100%)'));
    expect(r.stderr).toMatch(/^decide: discovery: 20 Latin-hypercube points over 2 parameters × 1 seed × 2 strategies = 40 simulation runs on .*; starting$/m);
    const keys = json.assumptions.rows.map((row: { key: string; alternative: string }) => `${row.key}=${row.alternative}`);
    for (const spec of ASSUMPTIONS) for (const alternative of spec.alternatives) expect(keys).toContain(`${spec.key}=${String(alternative)}`);
  });

  it('checks one flip by hand: an overwrite that wipes the folder costs restart the collateral-deletes weight and the choice', () => {
    const row = (key: string, alternative: string) => json.assumptions.rows.find((x: { key: string; alternative: string }) => x.key === key && x.alternative === alternative);
    const base = row('overwrite', 'per-file');
    const folder = row('overwrite', 'folder');
    expect(base).toMatchObject({ isBase: true, winner: 'restart' });
    expect(folder).toMatchObject({ isBase: false, winner: 'temp-table-exact' });
    // The other criteria barely move: temp-table-exact now leads by 0.25 less restart's old margin.
    expect(folder.margin).toBeCloseTo(10 / 40 - base.margin, 2);
    expect(json.assumptions.summary).toMatch(/^On flip-base \(2 seeds\) the choice is restart unless overwrite is folder \(then temp-table-exact\)/);
    const md = readFileSync(join(dir, 'decision.md'), 'utf8');
    const firstScreen = md.slice(0, md.indexOf('## Context'));
    expect(firstScreen).toContain('- **Assumptions**: On flip-base (2 seeds) the choice is restart unless overwrite is folder (then temp-table-exact)');
    expect(firstScreen).toMatch(/- \*\*Seeds\*\*: \S+ ranks first in [\d.]+% of 1,000 bootstrap resamples of the seeds/);
    expect(firstScreen).toContain('- **Where strategies break** (decide --discover, 20 points, 40 runs)');
    // The bottom line's "How sure" (in decision.md and the rewritten report) names it too.
    for (const file of ['decision.md', 'report.md']) {
      expect(readFileSync(join(dir, file), 'utf8')).toContain('in every run; decide --assumptions: On flip-base (2 seeds) the choice is restart unless overwrite is folder (then temp-table-exact).');
    }
    expect(md).toContain('| `overwrite` | folder | temp-table-exact |');
    expect(md).toContain('### Where each strategy breaks (scenario discovery)');
  });

  it('prints decision.json, writes the same file, and both validate against schemas/decision.schema.json', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync('schemas/decision.schema.json', 'utf8')));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(`${r.stdout.trim()}\n`).toBe(readFileSync(join(dir, 'decision.json'), 'utf8'));
    expect(json.matrix[0].values.find((v: { criterion: string }) => v.criterion === 'misses')).toHaveProperty('lo');
    expect(json.discovery.samples).toBe(20);
    // A file that breaks the contract does not validate.
    expect(validate({ ...json, winner: 3 })).toBe(false);
    expect(validate({ ...json, extra: true })).toBe(false);
  });
});

describe('decide bad input', () => {
  /** Exit code 2, one line naming what is wrong, and nothing written (through the CLI: the exit code and the one line). */
  function refused(args: string[], pattern: RegExp, dir?: string) {
    expectRefused(cli('decide', ...args), pattern);
    if (dir) expect(existsSync(join(dir, 'decision.md'))).toBe(false);
  }
  /** The same, in process (quicker): an InputError and nothing written. */
  async function refusedHere(args: string[], pattern: RegExp, dir?: string) {
    await expect(decideCommand(args, () => {})).rejects.toThrow(InputError);
    await expect(decideCommand(args, () => {})).rejects.toThrow(pattern);
    if (dir) expect(existsSync(join(dir, 'decision.md'))).toBe(false);
  }
  const folder = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('no folder argument, a missing folder, a file', async () => {
    refused([join(root, 'nope')], /nope: no such folder; allowed: a folder written by 'drainsim suite/);
    await refusedHere([], /decide: missing required argument 'suite-output-dir'; allowed: drainsim decide <suite-output-dir>/);
    await refusedHere(['scenarios/decision.yaml'], /scenarios\/decision\.yaml: not a folder/);
    await refusedHere([suite, '--sensitive'], /decide: unknown option '--sensitive' \(did you mean --sensitivity\?\); allowed: --decision, --sensitivity, --assumptions, --discover, --json/);
  });

  it('a folder without results.jsonl or suite.json', async () => {
    const empty = folder('empty');
    await refusedHere([empty], /empty\/results\.jsonl: missing; allowed: .*results\.jsonl and suite\.json/, empty);
    writeFileSync(join(empty, 'results.jsonl'), lines.join(''));
    await refusedHere([empty], /empty: not a suite folder \(no suite\.json\)/, empty);
    writeFileSync(join(empty, 'suite.json'), '{"scenarios": 3}');
    await refusedHere([empty], /empty\/suite\.json: scenarios: got 3; allowed: a suite\.json written by .drainsim suite./, empty);
  });

  it('an unfinished suite, a half-written line and a shard', async () => {
    const partial = folder('partial');
    writeSuite(partial, ['scenarios/design-record-example.yaml'], 2);
    const all = readFileSync(join(partial, 'results.jsonl'), 'utf8');
    writeFileSync(join(partial, 'results.jsonl'), all.split('\n').slice(0, 9).join('\n') + '\n');
    refused([partial], new RegExp(`results\\.jsonl: holds 9 of the suite's ${2 * STRATEGIES.length} runs \\(missing: design-record-example seed 1 ${STRATEGIES[9].id}\\); allowed: a finished suite`), partial);
    writeFileSync(join(partial, 'results.jsonl'), `${all}{"scenario":"design-rec`);
    await refusedHere([partial], new RegExp(`results\\.jsonl: line ${2 * STRATEGIES.length + 1}: not a run \\(a half-written line\\?\\)`), partial);
    expect(readFileSync(join(partial, 'results.jsonl'), 'utf8')).toBe(`${all}{"scenario":"design-rec`); // read, not repaired
    const shard = folder('shard');
    writeSuite(shard, ['scenarios/design-record-example.yaml'], 1, '1/2');
    await refusedHere([shard], /suite\.json: shard 1\/2 of a suite; allowed: a whole suite: join the shards with 'drainsim merge' first/, shard);
  });

  it('a bad decision file names the file and the field', async () => {
    const dir = folder('bad-decision');
    writeSuite(dir, ['scenarios/design-record-example.yaml'], 1);
    const bad = join(dir, 'decision-bad.yaml');
    writeFileSync(bad, 'criteria:\n  misses: { weight: 1, direction: min, wieght: 2 }\n');
    refused([dir, '--decision', bad], /decision-bad\.yaml: criteria\.misses\.wieght: unknown key; allowed: keys weight, direction, scale/, dir);
    await refusedHere([dir, '--decision', join(dir, 'none.yaml')], /none\.yaml: no such file/, dir);
    writeFileSync(bad, 'criteria:\n  effort: { weight: 1, direction: min }\ninputs:\n  restart: { iapiChanges: 0, effort: 2 }\n');
    await refusedHere([dir, '--decision', bad], /decision-bad\.yaml: inputs\.status-quo\.effort: missing for strategy status-quo/, dir);
    writeFileSync(bad, 'criteria:\n  misses: { weight: 1, direction: min }\n');
    await refusedHere([dir, '--decision', bad, '--sensitivity'], /decision-bad\.yaml: sensitivity: missing, and --sensitivity asks for it/, dir);
    await refusedHere([dir, '--decision', bad, '--assumptions'], /decision-bad\.yaml: sensitivity: missing, and --assumptions asks for it/, dir);
    await refusedHere([dir, '--decision', bad, '--discover'], /decision-bad\.yaml: sensitivity: missing, and --discover asks for it/, dir);
    writeFileSync(bad, 'criteria:\n  misses: { weight: 1, direction: min }\nsensitivity:\n  base: gone.yaml\n  parameters: [ { path: churn.insertsPerHour, low: 0, high: 1 } ]\n');
    await refusedHere([dir, '--decision', bad, '--sensitivity'], /decision-bad\.yaml: sensitivity\.base: .*gone\.yaml: no such file/, dir);
  });
});
