/**
 * Bad input from a user (scenario file, decision file, command line). The CLI prints its one-line
 * message and exits with code 2; anything else is a bug and keeps its stack trace.
 */
export class InputError extends Error {
  readonly file: string | undefined;
  readonly path: string | undefined;
  readonly allowed: string | undefined;

  constructor(problem: string, where: { file?: string; path?: string; allowed?: string } = {}) {
    const parts = [where.file, where.path, problem].filter((p): p is string => p !== undefined && p !== '');
    super(parts.join(': ') + (where.allowed ? `; allowed: ${where.allowed}` : ''));
    this.name = 'InputError';
    this.file = where.file;
    this.path = where.path;
    this.allowed = where.allowed;
  }
}
