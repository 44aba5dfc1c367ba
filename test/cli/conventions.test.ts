import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as specs from '../../src/commands/specs.js';
import type { CommandSpec } from '../../src/cli-args.js';
import { cli, expectRefused } from './run-cli.js';

const COMMANDS = Object.values(specs) as CommandSpec[];
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** A usage error: one line on stderr, nothing on stdout, exit code 2. */
function usageError(args: string[], pattern: RegExp): void {
  expectRefused(cli(...args), pattern);
}

describe('the command line behaves like the tools users know', () => {
  it('knows all eight commands', () => {
    expect(COMMANDS.map((c) => c.name).sort()).toEqual(['check', 'decide', 'explain', 'fleet', 'merge', 'run', 'suite', 'verify']);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help and -h: its options, defaults and an example on stdout, exit 0', (name, spec) => {
    for (const flag of ['--help', '-h']) {
      const r = cli(name, flag);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Usage: drainsim ${name} `));
      for (const [option, o] of Object.entries(spec.options)) {
        expect(r.stdout).toContain(`--${option}${o.value ? ` <${o.value}>` : ''}`);
        if (o.default !== undefined) expect(r.stdout.replace(/\s+/g, ' ')).toContain(`(default: ${o.default})`);
      }
      expect(r.stdout).toContain(`Example:\n  $ ${spec.example}\n`);
    }
    // `help <command>` says the same.
    expect(cli('help', name).stdout).toBe(cli(name, '--help').stdout);
  });

  it('--help lists every command with its summary on stdout, exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = cli(flag);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c.name} `, 'm'));
    }
  });

  it('--version and -V print the package version', () => {
    for (const flag of ['--version', '-V']) {
      const r = cli(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${VERSION}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('without a command: the usage on stderr, exit 2', () => {
    const r = cli();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: drainsim /);
    for (const c of COMMANDS) expect(r.stderr).toMatch(new RegExp(`^  ${c.name} `, 'm'));
  });

  it('suggests the command or option meant', () => {
    usageError(['rnu'], /^drainsim: error: unknown command 'rnu' \(did you mean run\?\); allowed: run, suite, merge, decide, explain, check, verify, fleet$/);
    usageError(['sutie', 'scenarios'], /unknown command 'sutie' \(did you mean suite\?\)/);
    usageError(['suite', 'scenarios', '--out', 'x', '--shrad', '1/2'], /^drainsim: error: suite: unknown option '--shrad' \(did you mean --shard\?\); allowed: --out, --runs/);
    usageError(['check', '--strategy', 'keyset', '--propery', 'exact-s0'], /unknown option '--propery' \(did you mean --property\?\)/);
  });

  it('refuses stray arguments and options without their value', () => {
    usageError(['explain', 'a.yaml', 'b.yaml', '--strategy', 'keyset'], /^drainsim: error: explain: too many arguments \(expected 1, got 2\); allowed: drainsim explain <scenario\.yaml> --strategy <id> \[--seed <N>\]$/);
    usageError(['suite', 'scenarios', '--out', '--force'], /^drainsim: error: --out: its value is missing or starts with '-'/);
    usageError(['check', '--strategy'], /^drainsim: error: --strategy: its value is missing or starts with '-'/);
  });

  it('results go to stdout, messages to stderr', () => {
    const r = cli('run', 'scenarios/design-record-example.yaml', '--json', '--strategy', 'keyset');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).runs).toHaveLength(1);
  });
});
