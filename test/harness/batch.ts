/**
 * Runs cases of the hostile-input harness through the real CLI entry (src/cli.ts, imported once
 * per case), in one process so the start-up is paid once. Each case's output, exit code (exit
 * calls included) and any error that escapes the CLI (which the shell would print as a stack
 * trace) are recorded, with what the case changed on disk.
 *
 *   node --import tsx test/harness/batch.ts <cases.json> <results.jsonl>
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostileCase } from './corpus.js';
import { checkFolder, snapshot, changedOutside } from './checks.js';

const [casesFile, resultsFile] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as (HostileCase & { index: number })[];
const cli = pathToFileURL(resolve('src/cli.ts')).href;

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

const realExit = process.exit.bind(process);
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);

for (const c of cases) {
  appendFileSync(resultsFile, `${JSON.stringify({ start: c.index })}\n`);
  const before = snapshot(c.sandbox);
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exit = ((code?: number) => {
    throw new ExitCalled(code ?? 0);
  }) as typeof process.exit;
  process.argv = [process.argv[0], 'drainsim', ...c.args];
  process.exitCode = undefined;
  let crash: string | null = null;
  let code: number;
  try {
    await import(`${cli}?case=${c.index}`);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof ExitCalled) code = e.code;
    else {
      code = 1;
      crash = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    process.exit = realExit;
    process.exitCode = undefined;
  }
  const after = snapshot(c.sandbox);
  const problems = [...changedOutside(c.sandbox, before, after, c.out), ...(c.out === null ? [] : checkFolder(c.sandbox, c.out, before, after))];
  appendFileSync(resultsFile, `${JSON.stringify({ index: c.index, name: c.name, code, stderr: stderr.slice(0, 2000), stdout: stdout.slice(0, 200), crash, problems })}\n`);
}
realExit(0);
