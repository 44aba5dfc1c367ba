import { Command, CommanderError, Option } from 'commander';
import { InputError } from './errors.js';

/**
 * The command line is parsed by commander (help, "did you mean", version; see cli.ts). Each
 * command declares its arguments and options once, as a CommandSpec: `--help` is drawn from it,
 * and the command reads its values with `parseCommand` under the names it declared.
 */

export interface OptionSpec {
  /** Placeholder of the option's value (`N`, `dir`); none for a switch. */
  value?: string;
  description: string;
  /** What holds when the option is not given, in words (shown by --help); the command applies it. */
  default?: string;
  /** The command refuses to run without it (it says so itself; --help and the usage line show it). */
  required?: boolean;
}

export interface ArgumentSpec {
  /** `scenario.yaml`, `file-or-dir` */
  name: string;
  description: string;
  /** One or more (`<file-or-dir>...`). */
  many?: boolean;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  /** One line for `drainsim --help`. */
  summary: string;
  args: readonly ArgumentSpec[];
  options: O;
  /** One example command line, shown by --help. */
  example: string;
}

/** Declares a command, keeping its option names as types. */
export const commandSpec = <const O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): CommandSpec<O> => spec;

type Values<O extends Record<string, OptionSpec>> = { [K in keyof O]?: O[K] extends { value: string } ? string : boolean };

const flags = (name: string, o: OptionSpec): string => `--${name}${o.value ? ` <${o.value}>` : ''}`;

/** `drainsim verify <dir> --against <scenario.yaml> [--seed <N>]` */
export function usageOf(spec: CommandSpec): string {
  const args = spec.args.map((a) => `<${a.name}>${a.many ? '...' : ''}`);
  const options = Object.entries(spec.options).map(([name, o]) => (o.required ? flags(name, o) : `[${flags(name, o)}]`));
  return ['drainsim', spec.name, ...args, ...options].join(' ');
}

/** Help asked for goes to stdout; usage errors are thrown (as CommanderError, for `inputErrorOf`), not printed. */
export const OUTPUT = { writeOut: (s: string) => process.stdout.write(s), writeErr: (s: string) => process.stderr.write(s), outputError: () => {} };

/** A commander Command of the spec. */
export function commandOf(spec: CommandSpec): Command {
  const cmd = new Command(spec.name).description(spec.summary).exitOverride().configureOutput(OUTPUT).helpOption('-h, --help', 'show this help');
  for (const a of spec.args) cmd.argument(`<${a.name}${a.many ? '...' : ''}>`, a.description);
  for (const [name, o] of Object.entries(spec.options)) {
    const note = o.required ? ' (required)' : o.default === undefined ? '' : ` (default: ${o.default})`;
    cmd.addOption(new Option(flags(name, o), `${o.description}${note}`));
  }
  return cmd.addHelpText('after', `\nExample:\n  $ ${spec.example}\n`);
}

/** Parse a command's arguments; unknown, repeated and value-less options become one InputError. */
export function parseCommand<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, args: string[]): { values: Values<O>; positionals: string[] } {
  checkOptionValues(spec, args);
  const cmd = commandOf(spec);
  // commander lets the last of a repeated option win silently: `--runs 1 --runs 100` is a mistake.
  const seen = new Set<string>();
  for (const name of Object.keys(spec.options)) {
    cmd.on(`option:${name}`, () => {
      if (seen.has(name)) throw new InputError({ problem: 'given more than once', path: `--${name}`, allowed: 'each option once' });
      seen.add(name);
    });
  }
  try {
    cmd.parse(args, { from: 'user' });
  } catch (e) {
    throw e instanceof CommanderError ? inputErrorOf(e, spec) : e;
  }
  const opts = cmd.opts();
  const values = Object.fromEntries(Object.keys(spec.options).map((name) => [name, opts[camelCase(name)]])) as Values<O>;
  return { values, positionals: cmd.args };
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * commander takes the argument after an option as its value even when it starts with '-':
 * `--out --force` would write to a folder named '--force'. Such a value must be written `--out=-x`.
 */
function checkOptionValues(spec: CommandSpec, args: readonly string[]): void {
  for (let i = 0; i < args.length - 1; i++) {
    if (args[i] === '--') return;
    const name = args[i].startsWith('--') ? args[i].slice(2) : undefined;
    if (name === undefined || spec.options[name]?.value === undefined) continue;
    if (args[i + 1].startsWith('-') && args[i + 1] !== '-') {
      throw new InputError({ problem: "its value is missing or starts with '-'", path: args[i], allowed: `a value after it (${args[i]}=-X for one starting with '-')` });
    }
  }
}

/** commander's usage error as one InputError line: `run: unknown option '--sed' (did you mean --seed?); allowed: ...`. */
export function inputErrorOf(e: CommanderError, spec?: CommandSpec): InputError {
  const excess = /Expected (\d+) arguments? but got (\d+)/.exec(e.message);
  const problem = excess
    ? `too many arguments (expected ${excess[1]}, got ${excess[2]})`
    : e.message.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)').split('\n')[0];
  const path = spec?.name;
  if (e.code === 'commander.optionMissingArgument') {
    const option = /'(--[\w-]+)/.exec(e.message)?.[1] ?? '';
    return new InputError({ problem: "its value is missing or starts with '-'", path: option, allowed: `a value after it (${option}=-X for one starting with '-')` });
  }
  if (e.code === 'commander.unknownOption') {
    const known = spec === undefined ? [] : Object.entries(spec.options).map(([name, o]) => flags(name, o).split(' ')[0]);
    return new InputError({ problem, path, allowed: [...known, '--help'].join(', ') });
  }
  return new InputError({ problem, path, allowed: spec === undefined ? undefined : usageOf(spec) });
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** A size in bytes: `500000000`, `500M`, `20G` (K, M, G, T: powers of 1024). */
export function sizeOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/i.exec(value.trim());
  const bytes = m === null ? NaN : Math.round(Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()]);
  if (!Number.isSafeInteger(bytes)) throw new InputError({ problem: `'${value}' is not a size`, path: `--${name}`, allowed: 'bytes, or a number with K, M, G or T (powers of 1024), like 500M or 20G' });
  return bytes;
}

/** A whole number option within bounds. */
export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError({ problem: `'${value}' is not a valid number`, path: `--${name}`, allowed: `a whole number from ${min} to ${max}` });
  }
  return n;
}
