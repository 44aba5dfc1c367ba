import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, expectRefused } from './run-cli.js';
import { folderFiles } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'drainsim-fleet-'));
const file = join(root, 'tiny.yaml');
// A week of a small fleet with a hostile name, two upgrades, a break-even over three values.
writeFileSync(
  file,
  `kind: fleet
name: "tiny <b>fleet</b> | =1+1"
description: A test fleet.
seed: 3
runs: 3
horizon: 7d
workload:
  jobsPerDay: 40
  documents: { median: 2000, p99: 20000 }
  churn: { insertsPerHour: { median: 20, p99: 500 }, deletesPerHour: 2 }
agents: 3
upgrades: { first: 1d10h, every: 3d, downtime: 10m }
breakEven: { values: [20, 40, 80] }
`,
);


function refused(args: string[], pattern: RegExp): void {
  expectRefused(cli(...args), pattern);
}

const out = join(root, 'a');
let first: ReturnType<typeof cli>;
beforeAll(() => {
  first = cli('fleet', file, '--out', out, '--jobs', '2');
});

describe('drainsim fleet', () => {
  it('writes the report, answer first, and the files it names', () => {
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^fleet: (recommended: [a-z-]+|no strategy is acceptable); report in ${out}/report\\.md and report\\.html\\n$`));
    expect([...folderFiles(out, ['.drainsim-files']).keys()]).toEqual([
      'affected-jobs.csv',
      'break-even.csv',
      'charts/fleet-break-even-budget.png',
      'charts/fleet-break-even-redone.png',
      'charts/fleet-correctness.png',
      'charts/fleet-latency.png',
      'charts/fleet-load.png',
      'charts/fleet-redone.png',
      'fleet.json',
      'report.html',
      'report.md',
      'results.csv',
    ]);
    const md = readFileSync(join(out, 'report.md'), 'utf8').split('\n\n');
    expect(md[0]).toMatch(/^## Fleet view: /);
    expect(md[1]).toMatch(/^40 export jobs a day \(median 2,000 documents, p99 20,000\) on 3 agents, an upgrade every 3d from day 1 at 10:00/);
    expect(md[2]).toMatch(/^\*\*(Recommended: [a-z-]+\*\* \(.*\): .*Per month: .* agent-hours redone|No strategy is acceptable)/);
    expect(md.find((p) => p.startsWith('Break-even: '))).toMatch(/^Break-even: restart /);
    // Every chart has a caption under it.
    for (const png of [...folderFiles(out, ['.drainsim-files']).keys()].filter((f) => f.endsWith('.png'))) expect(md.findIndex((p) => p.includes(`](${png})`))).toBeGreaterThan(0);
    // results.csv: a header and one row per seed and strategy.
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toMatch(/^seed,strategy,horizonSeconds,jobs,upgrades,hitsPerUpgrade,/);
    expect(csv.length - 1).toBe(3 * (JSON.parse(readFileSync(join(out, 'fleet.json'), 'utf8')) as { strategies: string[] }).strategies.length);
  });

  it('escapes text from the fleet file in every output', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(md).toContain('tiny &lt;b&gt;fleet&lt;/b&gt; \\| =1+1');
    expect(html).toContain('tiny &lt;b&gt;fleet&lt;/b&gt; | =1+1');
    expect(html).not.toContain('<b>fleet');
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(html.match(/<img /g)).toHaveLength(6);
    expect(html).not.toMatch(/src="(?!data:)/);
  });

  it('gives the same bytes for the same seed, whatever the worker threads', () => {
    const expected = folderFiles(out, ['.drainsim-files']);
    for (const jobs of ['1', '0']) {
      const again = join(root, `jobs-${jobs}`);
      const r = cli('fleet', file, '--out', again, '--jobs', jobs);
      expect(r.code).toBe(0);
      const got = folderFiles(again, ['.drainsim-files']);
      expect([...got.keys()]).toEqual([...expected.keys()]);
      for (const [name, bytes] of expected) expect(got.get(name)!.equals(bytes), `${name} differs with --jobs ${jobs}`).toBe(true);
    }
  });

  it('never writes over a folder without --force, and --force removes only its own files', () => {
    refused(['fleet', file, '--out', out], /--out .*: the folder exists and is not empty; allowed: --force to replace its fleet report, or a new folder$/);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'charts', 'mine.png'), 'mine');
    writeFileSync(join(out, 'charts', 'fleet-old.png'), 'a file of mine named like a fleet chart');
    const r = cli('fleet', file, '--out', out, '--force', '--seed', '4', '--runs', '2');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(out, 'charts', 'mine.png'))).toBe(true);
    // drainsim removes only files it wrote (the folder's .drainsim-files), whatever their names.
    expect(existsSync(join(out, 'charts', 'fleet-old.png'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'fleet.json'), 'utf8'))).toMatchObject({ seeds: [4, 5] });
  });

  it('refuses bad input with one line and exit code 2', () => {
    refused(['fleet', file], /fleet: missing --out; allowed: drainsim fleet <fleet\.yaml> --out <dir>/);
    refused(['fleet', '--out', join(root, 'x')], /fleet: missing required argument 'fleet\.yaml'/);
    refused(['fleet', file, '--out', join(root, 'x'), '--runs', '0'], /--runs: '0' is not a valid number; allowed: a whole number from 1 to 1000$/);
    refused(['fleet', file, '--out', join(root, 'x'), '--strategy', 'restart'], /fleet: unknown option '--strategy'; allowed: --out, --seed, --runs, --jobs, --force, --help$/);
    refused(['fleet', 'scenarios/design-record-example.yaml', '--out', join(root, 'x')], /scenarios\/design-record-example\.yaml: kind: missing \(required\); allowed: fleet \(a fleet file; a scenario file has no kind/);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
