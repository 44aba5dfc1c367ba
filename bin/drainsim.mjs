#!/usr/bin/env node
// Runs the prebuilt bundle (dist/cli.mjs, see scripts/build.mjs) in this process, so that signals
// reach the CLI itself (a suite drain-stops on Ctrl-C or SIGTERM, also through npm and npx).
// A bundle older than a source file is built again first; without esbuild (or with a read-only
// package) it falls back to transpiling the sources with tsx in a child process.
import { build, DIST, staleBecause } from '../scripts/build.mjs';

let stale = staleBecause();
if (stale !== null) {
  try {
    process.stderr.write(`drainsim: building dist/ (${stale})\n`);
    await build();
    stale = null;
  } catch (e) {
    process.stderr.write(`drainsim: cannot build dist/ (${e.message.split('\n')[0]}); running the sources with tsx\n`);
  }
}
if (stale === null) {
  await import(new URL(`file://${DIST}/cli.mjs`).href);
} else {
  const { spawn } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const { fileURLToPath } = await import('node:url');
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, fileURLToPath(new URL('../src/cli.ts', import.meta.url)), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)));
}
