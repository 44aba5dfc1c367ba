/**
 * Bad user input (a scenario file, a command-line value). The CLI prints `error: ${message}`
 * and exits with code 2 for any InputError; every other error is a bug and shows its stack.
 */

export interface InputErrorParts {
  /** The file the input came from, when there is one. */
  file?: string;
  /** Field path inside the file, like `exporter.batchSize` or `stops[1].at`. */
  path?: string;
  /** What is wrong, like `got 0` or `unknown key`. */
  problem: string;
  /** What would have been accepted, like `an integer from 1 to 1000000`. */
  allowed?: string;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly file: string | undefined;
  readonly path: string | undefined;
  readonly problem: string;
  readonly allowed: string | undefined;

  constructor(parts: InputErrorParts) {
    super(formatInputError(parts));
    this.file = parts.file;
    this.path = parts.path;
    this.problem = parts.problem;
    this.allowed = parts.allowed;
  }
}

/**
 * Runs `action` on the input of `file`: an InputError that names no file (like a bound the model
 * checks as a job runs) gets this one.
 */
export function inFile<T>(file: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    if (e instanceof InputError && e.file === undefined) throw new InputError({ file, path: e.path, problem: e.problem, allowed: e.allowed });
    throw e;
  }
}

/** `<file>: <path>: <problem>; allowed: <what>`, leaving out the parts that are not given; always one line. */
export function formatInputError({ file, path, problem, allowed }: InputErrorParts): string {
  const located = [file, path, problem].filter((part) => part !== undefined && part !== '').join(': ');
  return oneLine(allowed ? `${located}; allowed: ${allowed}` : located);
}

/** Escapes line breaks and other control characters, so that file names or values from the input cannot split the message. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A short, one-line description of a value taken from the input, for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return value.length <= 40 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 30) + '…')} (${value.length} characters)`;
  }
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A field path for messages: `stops[1].at`. Keys that are not plain names (`plain`, identifiers
 * unless told) are quoted, so that an empty key or one with dots or spaces stays visible:
 * `source["my key"]`, `[""]`.
 */
export function formatPath(path: readonly PropertyKey[], plain: RegExp = IDENTIFIER): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const key = String(segment);
      if (!plain.test(key)) return `[${JSON.stringify(key)}]`;
      return index === 0 ? key : `.${key}`;
    })
    .join('');
}
