import { spawn, spawnSync } from 'node:child_process';
import { expect } from 'vitest';

/** The CLI as users start it: bin/drainsim.mjs, which runs the prebuilt bundle (test/global-setup.ts builds it). */
export const BIN = 'bin/drainsim.mjs';

/** Run the CLI to the end. */
export function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start the CLI in the background (for signal tests). */
export function cliProcess(...args: string[]) {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A refusal as every command gives it: exit code 2, nothing on stdout, one `drainsim: error: ...`
 * line on stderr matching `pattern`, no stack trace.
 */
export function expectRefused(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^drainsim: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
