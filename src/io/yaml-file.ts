import { readFileSync, statSync } from 'node:fs';
import { Composer, Lexer, LineCounter, Parser, type CST } from 'yaml';
import { InputError } from '../errors.js';

/**
 * YAML input files (scenarios, decision files), read with stated limits that are checked before
 * anything is built from the text: every bad file becomes one InputError naming the file.
 */

/** Larger files are refused before they are read. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Collections nested deeper than this are refused before the YAML is composed (a scenario needs 4). */
export const MAX_NESTING = 32;
/**
 * Copies of a node that aliases may make (the yaml package's guard against alias bombs: the
 * anchored node and its expanded aliases, nested ones multiplied). Aliases (`*name`) in a file are
 * limited to one less, before the YAML is composed: the yaml package resolves each alias by a
 * walk over the document and does not count aliases of empty collections, so many aliases would
 * cost time quadratic in the file size.
 */
export const MAX_ALIAS_COPIES = 100;
const MAX_ALIASES = MAX_ALIAS_COPIES - 1;
/**
 * Keys of one mapping (a scenario mapping has at most 16). The yaml package checks duplicate keys
 * pairwise, in time quadratic in the keys of a mapping.
 */
export const MAX_MAPPING_KEYS = 100;

/** What an input file should hold, in words for messages. */
export interface YamlInput {
  /** Like 'a scenario file (.yaml or .yml)'. */
  file: string;
  /** Like 'a YAML mapping of scenario keys'. */
  content: string;
}

/** Control characters YAML does not allow in a document (all but tab, line feed, carriage return). */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * YAML 1.2 core schema, duplicate keys refused; 'error' keeps the yaml package from printing
 * warnings itself. The schema is fixed whatever a `%YAML 1.1` directive says (1.1 merge keys threw
 * plain Errors), and 1.1 tags (!!binary, !!timestamp, !!set, ...) stay unresolved text.
 */
const YAML_OPTIONS = { version: '1.2', schema: 'core', merge: false, resolveKnownTags: false, uniqueKeys: true, logLevel: 'error' } as const;

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
export function withFileErrors<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code !== 'string') throw error;
    throw new InputError({ file: path, problem: FILE_ERRORS[code] ?? `cannot be read (${code})` });
  }
}

/** The single YAML document of a file as plain JavaScript values, after checking that it is a small regular file of UTF-8 text. */
export function readYamlFile(path: string, input: YamlInput): unknown {
  return parseYamlText(readText(path, input), path, input);
}

function readText(path: string, input: YamlInput): string {
  if (path === '') throw new InputError({ problem: 'an empty file name', allowed: input.file });
  const stats = withFileErrors(path, () => statSync(path));
  if (stats.isDirectory()) throw new InputError({ file: path, problem: 'is a directory', allowed: input.file });
  // Reading a FIFO or a device could block forever or never end.
  if (!stats.isFile()) throw new InputError({ file: path, problem: 'not a regular file', allowed: input.file });
  if (stats.size > MAX_FILE_BYTES) {
    throw new InputError({ file: path, problem: `the file has ${stats.size} bytes`, allowed: `at most ${MAX_FILE_BYTES} bytes (1 MiB)` });
  }
  const bytes = withFileErrors(path, () => readFileSync(path));
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError({ file: path, problem: `binary data (a NUL byte at byte ${nul})`, allowed: 'UTF-8 YAML text' });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError({ file: path, problem: 'not valid UTF-8', allowed: 'UTF-8 YAML text' });
  }
}

/** The single YAML document of a text as plain JavaScript values; `file` names it in errors. */
export function parseYamlText(text: string, file: string, input: YamlInput): unknown {
  checkText(text, file, input);
  const lines = new LineCounter();
  const documents = new Composer(YAML_OPTIONS).compose(checkTokens(parse(text, lines, file), lines, file), true, text.length);
  const first = documents.next();
  if (first.done) throw new Error('unreachable: compose(..., forceDoc = true) yields a document');
  const doc = first.value;
  const syntaxError = doc.errors[0];
  if (syntaxError) throw yamlError(file, lines, syntaxError.pos[0], syntaxError.message, syntaxError.code === 'DUPLICATE_KEY' ? 'each key once in a mapping' : 'YAML 1.2 syntax');
  const second = documents.next();
  if (!second.done) throw yamlError(file, lines, second.value.range[0], 'more than one YAML document', 'one YAML document (no second ---)');
  if (doc.contents === null) throw new InputError({ file, problem: 'the file has no YAML content', allowed: input.content });
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COPIES });
  } catch (error) {
    // The yaml package throws ReferenceError for alias bombs and aliases it cannot resolve.
    if (!(error instanceof ReferenceError)) throw error;
    throw new InputError({ file, problem: `YAML alias error: ${error.message}`, allowed: aliasesAllowed() });
  }
}

const aliasesAllowed = () => `at most ${MAX_ALIASES} aliases (*name) of earlier anchors (&name), making at most ${MAX_ALIAS_COPIES} copies of a node`;

function checkText(text: string, file: string, input: YamlInput): void {
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
  if (text.trim() === '') throw new InputError({ file, problem: 'the file is empty', allowed: input.content });
}

function linePosition(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: offset - lineStart + 1 };
}

function yamlError(file: string, lines: LineCounter, offset: number, message: string, allowed: string): InputError {
  const { line, col } = lines.linePos(offset);
  return new InputError({ file, problem: `YAML syntax error at line ${line}, column ${col}: ${message}`, allowed });
}

/**
 * The parser's tokens (what `Parser.parse` gives), stopping early when the parser's stack of open
 * collections grows far past MAX_NESTING: the parser returns a document only when it is complete,
 * and a megabyte of `[` costs it seconds.
 */
function* parse(text: string, lines: LineCounter, file: string): Generator<CST.Token> {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    // The stack (the document, then open collections) holds about two entries more than the
    // nesting depth; checkTokens checks the depth exactly.
    if (parser.stack.length > 2 * MAX_NESTING) throw tooDeep(file, lines, parser.stack[MAX_NESTING + 1].offset);
  }
  yield* parser.end();
}

/** A problem at a place in the text: `<problem> at line L, column C`. */
function located(file: string, lines: LineCounter, offset: number, problem: string, allowed: string): InputError {
  const { line, col } = lines.linePos(offset);
  return new InputError({ file, problem: `${problem} at line ${line}, column ${col}`, allowed });
}

function tooDeep(file: string, lines: LineCounter, offset: number): InputError {
  return located(file, lines, offset, 'nesting too deep', `at most ${MAX_NESTING} nested collections`);
}

/**
 * Passes the parser's tokens through, refusing too deep nesting, too many aliases and too large
 * mappings. The parser itself is iterative, but composing deep nesting recurses and can exhaust
 * the stack (even crash the process), and the other two cost quadratic time, so the checks must
 * come first.
 */
function* checkTokens(tokens: Iterable<CST.Token>, lines: LineCounter, file: string): Generator<CST.Token> {
  let aliases = 0;
  for (const token of tokens) {
    const pending: Array<[CST.Token, number]> = [[token, 0]];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const [node, depth] = next;
      if (depth > MAX_NESTING) throw tooDeep(file, lines, node.offset);
      if (node.type === 'alias' && ++aliases > MAX_ALIASES) throw located(file, lines, node.offset, `more than ${MAX_ALIASES} aliases`, aliasesAllowed());
      if (isMapping(node) && node.items.length > MAX_MAPPING_KEYS) {
        throw located(file, lines, node.offset, `a mapping of ${node.items.length} keys`, `at most ${MAX_MAPPING_KEYS} keys in a mapping`);
      }
      // Pushed last first, so that the walk meets nodes in document order (and names the first one too many).
      for (const child of children(node).reverse()) pending.push([child, depth + 1]);
    }
    yield token;
  }
}

function isMapping(token: CST.Token): token is CST.BlockMap | CST.FlowCollection {
  return token.type === 'block-map' || (token.type === 'flow-collection' && token.start.type === 'flow-map-start');
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
