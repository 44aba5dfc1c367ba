#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { commandOf, inputErrorOf, OUTPUT, type CommandSpec } from './cli-args.js';
import { CHECK, DECIDE, EXPLAIN, FLEET, MERGE, RUN, SUITE, VERIFY } from './commands/specs.js';
import { InputError } from './errors.js';

type Run = (args: string[]) => string | Promise<string>;

/** Each command is loaded when it runs: `--help` and the start of a small command load only what they use. */
const COMMANDS: { spec: CommandSpec; load: () => Promise<Run> }[] = [
  { spec: RUN, load: async () => (await import('./commands/run.js')).runCommand },
  { spec: SUITE, load: async () => (await import('./commands/suite.js')).suiteCommand },
  { spec: MERGE, load: async () => (await import('./commands/merge.js')).mergeCommand },
  { spec: DECIDE, load: async () => (await import('./commands/decide.js')).decideCommand },
  { spec: EXPLAIN, load: async () => (await import('./commands/explain.js')).explainCommand },
  { spec: CHECK, load: async () => (await import('./commands/check.js')).checkCommand },
  { spec: VERIFY, load: async () => (await import('./commands/verify.js')).verifyCommand },
  { spec: FLEET, load: async () => (await import('./commands/fleet.js')).fleetCommand },
];

/**
 * The whole command line as commander sees it: `--help` of every command, `--version`, and
 * "did you mean" for a mistyped command or option. Help asked for goes to stdout; usage errors
 * are thrown (exitOverride) and printed by `main` as one line on stderr.
 */
function program(chosen: (load: () => Promise<Run>) => void): Command {
  const p = new Command('drainsim')
    .description('drain-stop strategies for RIP Export to LoadFile, simulated')
    .version(pkg.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [command]', 'show the help of a command')
    .exitOverride()
    .configureOutput(OUTPUT)
    .addHelpText('after', "\nEach command's options: drainsim <command> --help\n");
  for (const { spec, load } of COMMANDS) {
    // The command then reads its values itself (parseCommand, from the same spec).
    p.addCommand(commandOf(spec).action(() => chosen(load)));
  }
  return p;
}

/**
 * Under npm (\`npm start\`, \`npx drainsim\`) a shell sits between npm and drainsim: npm passes
 * SIGINT or SIGTERM to that shell, which dies of it and leaves drainsim running, and writing.
 * So there, a parent that goes away is taken as SIGTERM: a suite drain-stops, as when signalled.
 */
function stopWithParent(): void {
  if (process.env.npm_lifecycle_event === undefined) return;
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 100).unref();
}

/** Thin shell: dispatch, print, and turn bad input into one line on stderr and exit code 2. */
async function main(argv: string[]): Promise<number> {
  stopWithParent();
  let command: (() => Promise<Run>) | undefined;
  const cli = program((run) => (command = run));
  try {
    try {
      cli.parse(argv, { from: 'user' });
    } catch (e) {
      if (!(e instanceof CommanderError)) throw e;
      // --help, help <command>, --version: printed on stdout; no command: the help on stderr.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0)) return 0;
      if (e.code === 'commander.help') return 2;
      if (e.code === 'commander.unknownCommand') throw new InputError({ ...inputErrorOf(e), allowed: COMMANDS.map((c) => c.spec.name).join(', ') });
      throw inputErrorOf(e, COMMANDS.find((c) => c.spec.name === argv[0])?.spec);
    }
    // The first argument is the command: the program has no options of its own but --help and --version.
    const out = await (await command!())(argv.slice(1));
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
