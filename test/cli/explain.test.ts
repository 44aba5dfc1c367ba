import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

describe('drainsim explain', () => {
  it('prints the explanation of the scenario\'s seed', () => {
    const r = cli('explain', 'scenarios/design-record-example.yaml', '--strategy', 'index-shift');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Explanation: scenario design-record-example, seed 1, strategy index-shift/);
    expect(r.stdout).toContain('DOC 1000001: 2 rows in the load file');
  });

  it('takes --seed', () => {
    const r = cli('explain', 'scenarios/design-record-example.yaml', '--strategy', 'keyset', '--seed', '7');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Explanation: scenario design-record-example, seed 7, strategy keyset/);
  });

  it('explains each variant of a sweep file', () => {
    const r = cli('explain', 'scenarios/churn-sweep.yaml', '--strategy', 'temp-table');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^Explanation: scenario churn-sweep \[churn\.insertsPerHour=\d+\]/gm)?.length).toBeGreaterThan(1);
  });

  for (const [what, args, message] of [
    ['without --strategy', [], /^drainsim: error: --strategy: missing; allowed: one of status-quo, restart, index-shift/],
    ['with an unknown strategy', ['--strategy', 'nope'], /^drainsim: error: --strategy: unknown strategy 'nope'; allowed: status-quo/],
    ['with two strategies', ['--strategy', 'keyset,restart'], /^drainsim: error: --strategy: unknown strategy 'keyset,restart'/],
    ['with a bad seed', ['--strategy', 'keyset', '--seed', 'x'], /^drainsim: error: --seed: 'x' is not a valid number/],
  ] as const) {
    it(`fails with one line ${what}`, () => {
      const r = cli('explain', 'scenarios/design-record-example.yaml', ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }
});
