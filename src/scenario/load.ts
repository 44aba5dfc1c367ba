import { readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { Composer, LineCounter, Parser, type CST } from 'yaml';
import { InputError } from '../errors.js';
import { parseScenario } from './schema.js';
import { expandSweep } from './sweep.js';
import type { Scenario } from './types.js';

/** Larger files are refused before they are read. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Collections nested deeper than this are refused before the YAML is composed (a scenario needs 4). */
export const MAX_NESTING = 32;
/** Alias expansions allowed in one document (the yaml package's guard against alias bombs). */
export const MAX_ALIAS_COUNT = 100;

const SCENARIO_EXTENSION = /\.ya?ml$/i;
/** Control characters YAML does not allow in a document (all but tab, line feed, carriage return). */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** YAML 1.2 core schema, duplicate keys refused; 'error' keeps the yaml package from printing warnings itself. */
const YAML_OPTIONS = { version: '1.2', uniqueKeys: true, logLevel: 'error' } as const;

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/**
 * Loads each file, and each directory's `*.yaml` / `*.yml` files sorted by name (not recursive);
 * a file with a `sweep` gives one scenario per variant. Decision files (`decision*.yaml`) in a
 * directory are not scenarios and are skipped.
 */
export function loadScenarioPaths(pathsOrDirs: readonly string[]): LoadedScenario[] {
  return pathsOrDirs.flatMap(expandDirectory).flatMap((file) => loadScenarioVariants(file).map((scenario) => ({ file, scenario })));
}

/** A scenario file's scenarios: itself, or each variant of its sweep. */
export function loadScenarioVariants(path: string): Scenario[] {
  const doc = loadScenarioDocument(path);
  return expandSweep(doc, path).map(({ doc: variant, points }) => {
    const scenario = parseScenario(variant, path);
    if (points.length > 0) {
      scenario.family = String((doc as { name: unknown }).name);
      scenario.sweep = points;
    }
    return scenario;
  });
}

function expandDirectory(path: string): string[] {
  if (!withFileErrors(path, () => statSync(path, { throwIfNoEntry: false }))?.isDirectory()) return [path];
  const names = withFileErrors(path, () => readdirSync(path))
    .filter((name) => SCENARIO_EXTENSION.test(name) && !name.startsWith('decision'))
    .sort();
  if (names.length === 0) {
    throw new InputError({ file: path, problem: 'the directory has no scenario files', allowed: '*.yaml or *.yml files' });
  }
  return names.map((name) => join(path, name));
}

/** One scenario file (a sweep file is refused here: use loadScenarioVariants). */
export function loadScenarioFile(path: string): Scenario {
  const variants = loadScenarioVariants(path);
  if (variants.length !== 1 || variants[0].sweep.length > 0) {
    throw new InputError({ file: path, path: 'sweep', problem: 'a sweep file holds several scenarios', allowed: 'a scenario without sweep here; suites and run take sweep files' });
  }
  return variants[0];
}

/** A scenario file's YAML document, checked and parsed but not yet validated: for variants built by YAML path. */
export function loadScenarioDocument(path: string): unknown {
  const text = readScenarioText(path);
  checkText(text, path);
  return parseYaml(text, path);
}

/** The file's text, after checking that it is a small regular file of UTF-8 text. */
function readScenarioText(path: string): string {
  const stats = withFileErrors(path, () => statSync(path));
  checkFileKind(path, stats);
  const bytes = withFileErrors(path, () => readFileSync(path));
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError({ file: path, problem: `binary data (a NUL byte at byte ${nul})`, allowed: 'UTF-8 YAML text' });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError({ file: path, problem: 'not valid UTF-8', allowed: 'UTF-8 YAML text' });
  }
}

function checkFileKind(path: string, stats: Stats): void {
  if (stats.isDirectory()) {
    throw new InputError({ file: path, problem: 'is a directory', allowed: 'a scenario file (.yaml or .yml)' });
  }
  // Reading a FIFO or a device could block forever or never end.
  if (!stats.isFile()) throw new InputError({ file: path, problem: 'not a regular file', allowed: 'a scenario file (.yaml or .yml)' });
  if (stats.size > MAX_FILE_BYTES) {
    throw new InputError({ file: path, problem: `the file has ${stats.size} bytes`, allowed: `at most ${MAX_FILE_BYTES} bytes (1 MiB)` });
  }
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a directory)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the file name is too long',
  EISDIR: 'is a directory',
};

/** Runs a file-system call, turning its errors (which carry a `code`) into InputErrors. */
function withFileErrors<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code !== 'string') throw error;
    throw new InputError({ file: path, problem: FILE_ERRORS[code] ?? `cannot be read (${code})` });
  }
}

/** Parses and validates the text of a scenario file; `file` names it in errors. */
export function loadScenarioText(text: string, file: string): Scenario {
  checkText(text, file);
  return parseScenario(parseYaml(text, file), file);
}

function checkText(text: string, file: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    throw new InputError({ file, problem: `the text has ${bytes} bytes`, allowed: `at most ${MAX_FILE_BYTES} bytes (1 MiB)` });
  }
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const { line, col } = linePosition(text, control.index);
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputError({ file, problem: `binary data (control character ${code} at line ${line}, column ${col})`, allowed: 'UTF-8 YAML text' });
  }
  if (text.trim() === '') throw new InputError({ file, problem: 'the file is empty', allowed: 'a YAML mapping of scenario keys' });
}

function linePosition(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: offset - lineStart + 1 };
}

/** The single YAML document of the text as plain JavaScript values. */
function parseYaml(text: string, file: string): unknown {
  const lines = new LineCounter();
  const tokens = new Parser(lines.addNewLine).parse(text);
  const documents = new Composer(YAML_OPTIONS).compose(limitNesting(tokens, lines, file), true, text.length);
  const first = documents.next();
  if (first.done) throw new Error('unreachable: compose(..., forceDoc = true) yields a document');
  const doc = first.value;
  const syntaxError = doc.errors[0];
  if (syntaxError) throw yamlError(file, lines, syntaxError.pos[0], syntaxError.message);
  const second = documents.next();
  if (!second.done) throw yamlError(file, lines, second.value.range[0], 'more than one YAML document');
  if (doc.contents === null) throw new InputError({ file, problem: 'the file has no YAML content', allowed: 'a YAML mapping of scenario keys' });
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml package throws ReferenceError for alias bombs and aliases it cannot resolve.
    if (!(error instanceof ReferenceError)) throw error;
    throw new InputError({
      file,
      problem: `YAML alias error: ${error.message}`,
      allowed: `aliases (*name) of an earlier anchor (&name), expanded at most ${MAX_ALIAS_COUNT} times`,
    });
  }
}

function yamlError(file: string, lines: LineCounter, offset: number, message: string): InputError {
  const { line, col } = lines.linePos(offset);
  return new InputError({ file, problem: `YAML syntax error at line ${line}, column ${col}: ${message}` });
}

/**
 * Passes the parser's tokens through, refusing a document nested deeper than MAX_NESTING. The
 * parser itself is iterative, but composing deep nesting recurses and can exhaust the stack
 * (even crash the process), so the check must come first.
 */
function* limitNesting(tokens: Iterable<CST.Token>, lines: LineCounter, file: string): Generator<CST.Token> {
  for (const token of tokens) {
    const tooDeep = findTooDeep(token);
    if (tooDeep !== undefined) {
      const { line, col } = lines.linePos(tooDeep.offset);
      throw new InputError({
        file,
        problem: `nesting too deep at line ${line}, column ${col}`,
        allowed: `at most ${MAX_NESTING} nested collections`,
      });
    }
    yield token;
  }
}

/** The first token nested deeper than MAX_NESTING, found without recursion. */
function findTooDeep(root: CST.Token): CST.Token | undefined {
  const pending: Array<[CST.Token, number]> = [[root, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [token, depth] = next;
    if (depth > MAX_NESTING) return token;
    for (const child of children(token)) pending.push([child, depth + 1]);
  }
  return undefined;
}

function children(token: CST.Token): CST.Token[] {
  switch (token.type) {
    case 'document':
      return token.value ? [token.value] : [];
    case 'block-map':
    case 'block-seq':
    case 'flow-collection':
      return token.items.flatMap((item) => [item.key, item.value].filter((child): child is CST.Token => !!child));
    default:
      return [];
  }
}
