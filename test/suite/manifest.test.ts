import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/suite/folder.js';
import { inputErrorOf } from '../helpers.js';

type Raw = { scenarios: { file: string; scenario: Record<string, unknown> }[]; strategies: string[]; shard: string };
const example = (): Raw => JSON.parse(readFileSync('reports/example/suite.json', 'utf8')) as Raw;

/** A folder holding `manifest` as its suite.json; the message readManifest refuses it with. */
function refusal(manifest: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'drainsim-manifest-'));
  writeFileSync(join(dir, 'suite.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return inputErrorOf(() => readManifest(dir, 'a suite folder')).message.replace(`${dir}/`, '');
}

// A tampered or foreign suite.json: one line naming the field, before anything is sized from it.
describe('suite.json is read with the schemas it is written with', () => {
  it('a scenario claiming 1e9 runs (it exhausted the heap in decide)', () => {
    const m = example();
    m.scenarios[1].scenario.runs = 1e9;
    expect(refusal(m)).toBe('suite.json: scenarios[1].scenario.runs: got 1000000000; allowed: an integer from 1 to 100000');
  });

  it('a scenario that is not what its fields resolve to, or holds an unknown key, a bad rate or a control character', () => {
    const m = example();
    (m.scenarios[0].scenario.exporter as Record<string, unknown>).docsPerSecond = 5e-324;
    expect(refusal(m)).toMatch(/^suite\.json: scenarios\[0\]\.scenario\.exporter\.docsPerSecond: a document would take Infinity s/);
    const n = example();
    n.scenarios[0].scenario.hack = 1;
    expect(refusal(n)).toMatch(/^suite\.json: scenarios\[0\]\.scenario\.hack: unknown key/);
    const o = example();
    o.scenarios[0].scenario.family = 'other\u001b[2J';
    expect(refusal(o)).toMatch(/^suite\.json: scenarios\[0\]\.scenario\.family: got "other\\u001b\[2J"/);
    const p = example();
    (p.scenarios[0].scenario.job as Record<string, unknown>).drainStopTimeoutSeconds = 'off';
    expect(refusal(p)).toBe('suite.json: scenarios[0].scenario.job: differs from what the scenario resolves to; allowed: a scenario as drainsim resolved and wrote it');
  });

  it('strategies not of the registry, or one twice; a bad shard; two scenarios of one name', () => {
    expect(refusal({ ...example(), strategies: ['restart', 'magic'] })).toMatch(/^suite\.json: strategies\[1\]: got "magic"; allowed: strategy ids of this drainsim, each once: status-quo, restart/);
    expect(refusal({ ...example(), strategies: ['restart', 'restart'] })).toMatch(/^suite\.json: strategies\[1\]: got "restart" a second time/);
    expect(refusal({ ...example(), shard: '3/2' })).toMatch(/^suite\.json: shard: got "3\/2"; allowed: i\/n with 1 <= i <= n <= 100000$/);
    const m = example();
    m.scenarios.push(m.scenarios[0]);
    expect(refusal(m)).toBe('suite.json: scenarios[3].scenario.name: "design-record-example", the name of scenarios[0] too; allowed: a name no other scenario of the suite has');
  });

  it('more runs than a suite may have (LIMITS.suiteRuns)', () => {
    const m = example();
    const big = m.scenarios[0];
    m.scenarios = Array.from({ length: 12 }, (_, i) => ({ file: big.file, scenario: { ...big.scenario, name: `n${i}`, family: `n${i}`, runs: 100_000 } }));
    expect(refusal(m)).toBe(`suite.json: scenarios: ${12 * 100_000 * m.strategies.length} runs; allowed: at most 1000000 runs (scenario × seed × strategy) in a suite`);
  });

  it('not JSON, not a mapping of its keys, a FIFO or a link', () => {
    expect(refusal('{"scenarios": [')).toBe("suite.json: not JSON; allowed: a suite.json written by 'drainsim suite'");
    expect(refusal({ scenarios: [], strategies: ['restart'], shard: '1/1' })).toMatch(/^suite\.json: scenarios: got a list of 0 items/);
    expect(refusal({ ...example(), more: 1 })).toMatch(/^suite\.json: unknown key "more"/);
    const dir = mkdtempSync(join(tmpdir(), 'drainsim-manifest-'));
    spawnSync('mkfifo', [join(dir, 'suite.json')]);
    expect(inputErrorOf(() => readManifest(dir, 'x')).message).toMatch(/suite\.json: not a regular file/);
    rmSync(join(dir, 'suite.json'));
    cpSync('reports/example/suite.json', join(dir, 'real.json'));
    symlinkSync(join(dir, 'real.json'), join(dir, 'suite.json'));
    expect(inputErrorOf(() => readManifest(dir, 'x')).message).toMatch(/suite\.json: is a symbolic link/);
  });
});
