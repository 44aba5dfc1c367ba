import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse a command's arguments; unknown, repeated options and missing values become one InputError. */
export function parseCommand<T extends Options>(command: string, args: string[], options: T) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true as const, strict: true as const, tokens: true as const });
  } catch (e) {
    const known = Object.keys(options).map((o) => `--${o}`).join(', ');
    const ambiguous = /^Option '(--[\w-]+)(?: <value>)?' argument is ambiguous/.exec((e as Error).message);
    if (ambiguous) {
      throw new InputError({ problem: "its value is missing or starts with '-'", path: ambiguous[1], allowed: `a value after it (${ambiguous[1]}=-X for one starting with '-')` });
    }
    throw new InputError({ problem: (e as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, ''), path: command, allowed: known || 'no options' });
  }
  // parseArgs lets the last of a repeated option win silently: `--runs 1 --runs 100` is a mistake.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new InputError({ problem: 'given more than once', path: `--${token.name}`, allowed: 'each option once' });
    seen.add(token.name);
  }
  const { values, positionals } = parsed;
  return { values, positionals };
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

export function onePositional(positionals: string[], command: string, what: string): string {
  if (positionals.length !== 1) {
    throw new InputError({ problem: positionals.length === 0 ? `missing ${what}` : `expected one ${what}, got ${positionals.length}`, path: command, allowed: `drainsim ${command} <${what}>` });
  }
  return positionals[0];
}
