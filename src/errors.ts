/**
 * A problem with something the user gave (a file, a field, an argument), reported as one line
 * that names where it is and what would be accepted: `<file>: <path>: <problem>; allowed: <what>`.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    problem: string,
    readonly allowed: string,
  ) {
    super(`${file}: ${path}: ${problem}; allowed: ${allowed}`);
    this.name = 'InputError';
  }
}
