import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.js';
import { cli, expectRefused } from './run-cli.js';

const NAIVE = 'examples/strategies/naive-offset.ts';
const dir = mkdtempSync(join(tmpdir(), 'drainsim-check-'));

describe('check --strategy <file.ts>', () => {
  it("finds the example strategy's bug, writes the shrunk scenario, and --replay reproduces the violation exactly", () => {
    const out = join(dir, 'naive.yaml');
    const found = cli('check', '--strategy', NAIVE, '--out', out);
    expect(found.code).toBe(1);
    const [headline, written, replayLine] = found.stdout.trim().split('\n');
    expect(headline).toMatch(/^check: strategy 'naive-offset' violates exact-s0: 1 duplicate row \(written more than once: \d+\)$/);
    expect(written).toBe(`shrunk counterexample (2 documents, 1 stop and 1 scripted event) written to ${out}`);
    expect(replayLine).toBe(`replay: drainsim check --strategy ${NAIVE} --property exact-s0 --replay ${out}`);
    const scenario = loadScenarioFile(out);
    expect(scenario.events).toHaveLength(1);
    // The README shows this very file.
    expect(readFileSync('README.md', 'utf8')).toContain(`\`\`\`yaml\n${readFileSync(out, 'utf8')}\`\`\``);

    const replay = cli('check', '--strategy', NAIVE, '--replay', out);
    expect(replay.code).toBe(1);
    const violation = headline.replace(/^check: strategy 'naive-offset' violates exact-s0: /, '');
    expect(replay.stdout.trim()).toBe(`replay: ${out}: strategy 'naive-offset' violates exact-s0 (seed ${scenario.seed}): ${violation}`);
  });

  it('without --out prints the counterexample YAML itself; a registry id works too and holds', () => {
    const printed = cli('check', '--strategy', NAIVE, '--runs', '100', '--seed', '2');
    expect(printed.code).toBe(1);
    expect(printed.stdout).toMatch(/^# drainsim check: strategy 'naive-offset' violates exact-s0:/);
    expect(loadScenarioText(printed.stdout, 'stdout').stops).toHaveLength(1);
    const holds = cli('check', '--strategy', 'temp-table-exact', '--property', 'no-duplicates', '--runs', '50');
    expect(holds.code).toBe(0);
    expect(holds.stdout.trim()).toBe("check: strategy 'temp-table-exact' holds oracle-sums, determinism, no-duplicates on 50 scenarios (fast-check seed 1)");
  });
});

describe('check bad input: exit code 2, one line', () => {
  const refused = (args: string[], pattern: RegExp) => expectRefused(cli(...args), pattern);
  const module = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('a missing module', () => refused(['check', '--strategy', 'nope/missing.ts'], /nope\/missing\.ts: no such file; allowed: a TypeScript or JavaScript module/));
  it('a module without a Strategy', () => refused(['check', '--strategy', module('none.ts', 'export const answer = 42;\n')], /none\.ts: exports no Strategy/));
  it('a Strategy missing a field', () => refused(['check', '--strategy', module('half.ts', "export default { id: 'half', pause: () => ({ params: {} }), resume: () => null };\n")], /half\.ts: default\.title: missing; allowed: a string/));
  it('a module that does not load', () => refused(['check', '--strategy', module('broken.ts', 'export default {;\n')], /broken\.ts: cannot be loaded/));
  it('an unknown property', () => refused(['check', '--strategy', NAIVE, '--property', 'magic'], /--property: unknown property 'magic'; allowed: exact-s0, exact-s0-paused, no-duplicates/));
  it('an unknown strategy id', () => refused(['check', '--strategy', 'magic'], /--strategy: 'magic' is neither a module file nor a strategy id/));
  it('no --strategy', () => refused(['check'], /--strategy: missing \(required\)/));
  it('a bad number', () => refused(['check', '--strategy', NAIVE, '--runs', '0'], /--runs: '0' is not a valid number/));
  it('--replay with search options', () => refused(['check', '--strategy', NAIVE, '--replay', 'x.yaml', '--runs', '5'], /--runs: does not go with --replay/));
  it('a missing replay file', () => refused(['check', '--strategy', NAIVE, '--replay', join(dir, 'absent.yaml')], /absent\.yaml: no such file/));
  it('an --out in a folder that does not exist is refused before the search, and nothing is written', () => {
    refused(['check', '--strategy', NAIVE, '--out', join(dir, 'no-dir', 'x.yaml')], /no-dir\/x\.yaml: --out: its folder .*no-dir does not exist; allowed: a file in an existing folder/);
    expect(existsSync(join(dir, 'no-dir'))).toBe(false);
  });
});
