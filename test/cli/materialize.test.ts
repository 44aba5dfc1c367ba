import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'drainsim-materialize-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `12.3 MiB` in bytes. */
function bytes(text: string): number {
  const [value, unit] = text.split(' ');
  return Number(value) * 1024 ** ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'].indexOf(unit);
}

const refusal = /^drainsim: error: (.*): --materialize: would write ([\d,]+) rows, ([\d,]+) files, ([\d.]+ \w+) \(([\d.]+ \w+) on disk\); allowed: at most ([\d.]+ \w+) on disk; --yes writes it all the same/;

describe('run --materialize counts before it writes', () => {
  it('refuses more than the limit with one line and writes nothing', () => {
    const out = join(root, 'refused');
    const r = cli('run', 'scenarios/design-record-example.yaml', '--materialize', out, '--max-bytes', '10K');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const m = refusal.exec(r.stderr)!;
    expect(m[1]).toBe(out);
    expect(m[6]).toBe('10.0 KiB');
    expect(existsSync(out)).toBe(false);
  });

  it('says what it will write, shows progress on stderr, and writes it', () => {
    const out = join(root, 'written');
    const r = cli('run', 'scenarios/design-record-example.yaml', '--materialize', out, '--strategy', 'index-shift,keyset');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^design-record-example/);
    const lines = r.stderr.trim().split('\n');
    const planned = /^materialize: (.*) to write into (.*)$/.exec(lines[0])!;
    expect(planned[2]).toBe(out);
    expect(lines.at(-1)).toBe(`materialized design-record-example: 2 jobs, 2 destination folders, ${planned[1]}, in ${out}`);
    expect(r.stderr).toMatch(/^materialize: \d+\/\d+ rows \(100%\)/m);
  });

  it('--rows-only, --yes and --max-bytes go with --materialize only', () => {
    for (const flag of [['--rows-only'], ['--yes'], ['--max-bytes', '1G']]) {
      const r = cli('run', 'scenarios/design-record-example.yaml', ...flag);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^drainsim: error: ${flag[0]}: given without --materialize`));
    }
    expect(cli('run', 'scenarios/design-record-example.yaml', '--materialize', join(root, 'x'), '--max-bytes', '2 GB').stderr).toMatch(/--max-bytes: '2 GB' is not a size; allowed: bytes, or a number with K, M, G or T/);
  });

  it("the README's examples write megabytes, not gigabytes", () => {
    const commands = readFileSync('README.md', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('npx drainsim run ') && l.includes('--materialize'));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const args = command.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
      const target = args.indexOf('--materialize') + 1;
      args[target] = join(root, 'readme', args[target]);
      // Refused at one byte, it says what it would write.
      const m = refusal.exec(cli(...args, '--max-bytes', '1').stderr);
      expect(m, command).not.toBeNull();
      expect(bytes(m![5]), command).toBeLessThan(100 * 1024 ** 2);
      expect(bytes(m![5])).toBeGreaterThan(0);
    }
  });
});
