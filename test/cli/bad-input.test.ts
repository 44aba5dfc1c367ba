import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectRefused } from './run-cli.js';

/** Every refusal: exit code 2, one line on stderr naming what is wrong and what is allowed, no stack trace. */
function refused(args: string[], pattern: RegExp) {
  expectRefused(cli(...args), pattern);
}

describe('command-line bad input', () => {
  it('unknown command', () => refused(['frobnicate'], /unknown command 'frobnicate'; allowed: run/));
  it('unknown option', () => refused(['run', 'scenarios/design-record-example.yaml', '--sed', '3'], /run: unknown option '--sed' \(did you mean --seed\?\); allowed: --seed, --runs/));
  it('bad number', () => refused(['run', 'scenarios/design-record-example.yaml', '--runs=-4'], /--runs: '-4' is not a valid number; allowed: a whole number from 1 to 100000/));
  it('option without its value', () => refused(['run', 'scenarios/design-record-example.yaml', '--runs', '-4'], /--runs: its value is missing or starts with '-'/));
  it('not a number', () => refused(['run', 'scenarios/design-record-example.yaml', '--seed', '1e3x'], /--seed: '1e3x'/));
  it('missing file', () => refused(['run', 'scenarios/nope.yaml'], /scenarios\/nope\.yaml: no such file/));
  it('missing argument', () => refused(['run'], /run: missing required argument 'scenario\.yaml'; allowed: drainsim run <scenario\.yaml> \[--seed <N>\] \[--runs <N>\]/));
  it('unknown strategy', () => refused(['run', 'scenarios/design-record-example.yaml', '--strategy', 'keyset,magic'], /--strategy: unknown strategy 'magic'; allowed: status-quo, restart/));
  it('a directory where a file is expected', () => refused(['run', 'scenarios'], /scenarios: is a directory/));
  it('a seed beyond its bound', () => refused(['run', 'scenarios/design-record-example.yaml', '--seed', '99999999999999999999'], /--seed: '99999999999999999999' is not a valid number; allowed: a whole number from 0 to 2147483647$/));
  it('more runs of a sweep file than its variants may have together', () => refused(['run', 'scenarios/churn-sweep.yaml', '--runs', '30000'], /--runs: 30000 runs of each of 4 variants; allowed: at most 100000 runs of all variants together$/));
  // Spot checks of the fuzz test's cases through the CLI (the fuzz test loads its 10,000 in-process).
  it.each<[string, string | Uint8Array, RegExp]>([
    ['an alias bomb', ['a: &a [x, x, x, x, x, x, x, x, x]', ...['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`), 'name: *f'].join('\n'), /case\.yaml: YAML alias error: Excessive alias count/],
    ['invalid UTF-8', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xc3, 0x28, 0x0a]), /case\.yaml: not valid UTF-8; allowed: UTF-8 YAML text$/],
    ['a huge count', 'name: x\nsource: { documents: 50000000 }\nevents: [ { at: 1, insert: { position: 0, count: 10000000 } } ]\n', /case\.yaml: events\[0\]\.insert\.count: the source would reach 60000000 records/],
  ])('a scenario file with %s', (_label, content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'drainsim-cli-'));
    writeFileSync(join(dir, 'case.yaml'), content);
    refused(['run', join(dir, 'case.yaml')], message);
    rmSync(dir, { recursive: true });
  });
  it('a bound that grows with simulated time, refused at load from the nominal job (a long pause under heavy churn)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drainsim-cli-'));
    const file = join(dir, 'flood.yaml');
    writeFileSync(file, 'name: churn-flood\nsource: { documents: 1000 }\nstops: [ { at: 10, downtime: 6h } ]\nchurn: { contentEditsPerHour: 10000000 }\n');
    refused(['run', file, '--strategy', 'temp-table'], /flood\.yaml: churn: about 6\d{7} churn changes over the job's 21\d{3}\.?\d* s \(one export of the source and the downtime of its stops\); allowed: churn rates × the job's simulated time \(pauses included\) at most 50000000 changes in a job$/);
    rmSync(dir, { recursive: true });
  });
  it('a bound that grows with simulated time, met as the job runs (a stalled share the nominal job does not foresee)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drainsim-cli-'));
    // The stall window opens up to a minute before the stop (here from 0 s), so the job meets it.
    const file = join(dir, 'stall.yaml');
    writeFileSync(file, 'name: stall\nsource: { documents: 100 }\nfiles: { meanBytes: 1000000 }\nstops: [ { at: 20, downtime: 10m } ]\nchurn: { contentEditsPerHour: 10000000 }\nfaults: { force: { stalledShare: true }, stallFactor: 1000000, stall: 1h }\n');
    refused(['run', file, '--strategy', 'temp-table-exact'], /stall\.yaml: churn: more than 50000000 churn changes by simulated time \d+ s; allowed: churn rates × the job's simulated time \(pauses included\) at most 50000000 changes in a job$/);
    rmSync(dir, { recursive: true });
  });
  it('a repeated strategy id (run and suite)', () => {
    refused(['run', 'scenarios/design-record-example.yaml', '--strategy', 'restart,restart'], /^drainsim: error: --strategy: 'restart' is given more than once; allowed: each strategy id once$/);
    refused(['suite', 'scenarios/design-record-example.yaml', '--out', join(tmpdir(), 'drainsim-never'), '--strategy', 'keyset, restart,keyset'], /--strategy: 'keyset' is given more than once/);
  });
  it('zero runs', () => refused(['run', 'scenarios/design-record-example.yaml', '--runs', '0'], /--runs: '0' is not a valid number; allowed: a whole number from 1 to 100000$/));
  it('a repeated option (the last no longer wins silently)', () => refused(['run', 'scenarios/design-record-example.yaml', '--runs', '1', '--runs=2'], /--runs: given more than once; allowed: each option once$/));
  it('an empty strategy list (no longer read as all)', () => refused(['run', 'scenarios/design-record-example.yaml', '--strategy='], /--strategy: an empty list; allowed: strategy ids separated by commas: status-quo, restart/));
  it('an empty file name', () => refused(['run', ''], /^drainsim: error: an empty file name; allowed: a scenario file \(\.yaml or \.yml\)$/));
  it('a file name with a line break stays one line', () => refused(['run', 'scenarios/de\nsign.yaml'], /^drainsim: error: scenarios\/de\\nsign\.yaml: no such file$/));
  it('suite without --out', () => refused(['suite', 'scenarios'], /missing --out/));
  it('bad shard', () => refused(['suite', 'scenarios', '--out', '/tmp/x', '--shard', '3/2'], /--shard: '3\/2' is not a shard/));
});

describe('run', () => {
  it('prints the comparison table, and JSON with every metric under the contract names', () => {
    const table = cli('run', 'scenarios/design-record-example.yaml');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^strategy\s+dup\s+miss/m);
    expect(table.stdout).toMatch(/^index-shift\s+1\s/m);
    const json = JSON.parse(cli('run', 'scenarios/design-record-example.yaml', '--json', '--strategy', 'index-shift').stdout);
    expect(Object.keys(json)).toEqual(['runs']);
    const r = json.runs[0];
    for (const k of ['scenario', 'seed', 'strategy', 'duplicates', 'misses', 'missesGone', 'phantoms', 'stale', 'reexportedDocs', 'rerunSeconds', 'completionSeconds', 'stops', 'jobDetailsMaxBytes', 'tempTablesLeft', 'collateralDeletes', 'statsRegressions', 'failed']) {
      expect(r).toHaveProperty(k);
    }
    for (const k of ['signalAt', 'latencySeconds', 'withinBudget', 'hardKilled']) expect(r.stops[0]).toHaveProperty(k);
    expect(r).toMatchObject({ scenario: 'design-record-example', seed: 1, strategy: 'index-shift', duplicates: 1 });
  });

  it('same scenario and seed: byte-identical JSON', () => {
    const a = cli('run', 'scenarios/several-stops.yaml', '--json', '--runs', '1');
    const b = cli('run', 'scenarios/several-stops.yaml', '--json', '--runs', '1');
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.length).toBeGreaterThan(1000);
  });
});
