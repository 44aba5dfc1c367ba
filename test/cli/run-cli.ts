import { spawn, spawnSync } from 'node:child_process';

const TSX = ['node_modules/tsx/dist/cli.mjs', 'src/cli.ts'];

/** Run the CLI to the end. */
export function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...TSX, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.split('\n').filter((l) => !l.includes('nodedir')).join('\n') };
}

/** Start the CLI in the background (for signal tests). */
export function cliProcess(...args: string[]) {
  return spawn(process.execPath, [...TSX, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
