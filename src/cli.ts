#!/usr/bin/env node
import { CHECK_USAGE, checkCommand } from './commands/check.js';
import { DECIDE_USAGE, decideCommand } from './commands/decide.js';
import { EXPLAIN_USAGE, explainCommand } from './commands/explain.js';
import { FLEET_USAGE, fleetCommand } from './commands/fleet.js';
import { MERGE_USAGE, mergeCommand } from './commands/merge.js';
import { RUN_USAGE, runCommand } from './commands/run.js';
import { SUITE_USAGE, suiteCommand } from './commands/suite.js';
import { VERIFY_USAGE, verifyCommand } from './commands/verify.js';
import { InputError } from './errors.js';

const COMMANDS: Record<string, { usage: string; run: (args: string[]) => string | Promise<string> }> = {
  run: { usage: RUN_USAGE, run: runCommand },
  decide: { usage: DECIDE_USAGE, run: (args) => decideCommand(args) },
  explain: { usage: EXPLAIN_USAGE, run: explainCommand },
  suite: { usage: SUITE_USAGE, run: suiteCommand },
  merge: { usage: MERGE_USAGE, run: mergeCommand },
  check: { usage: CHECK_USAGE, run: checkCommand },
  verify: { usage: VERIFY_USAGE, run: verifyCommand },
  fleet: { usage: FLEET_USAGE, run: (args) => fleetCommand(args) },
};

function usage(): string {
  return ['drainsim: drain-stop strategies for RIP Export to LoadFile, simulated', '', 'usage:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

/** Thin shell: dispatch, print, and turn bad input into one line and exit code 2. */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (command === undefined) throw new InputError({ problem: `unknown command '${name}'`, allowed: Object.keys(COMMANDS).join(', ') });
    const out = await command.run(args);
    if (out !== '') process.stdout.write(`${out}\n`);
    // A command may set its own exit code (1: a determinism check failed, 130/143: interrupted).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`drainsim: error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
