import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll } from 'vitest';
import { InputError, oneLine } from '../src/errors.js';
import { parseYamlText } from '../src/io/yaml-file.js';
import { getPath } from '../src/scenario/sweep.js';

/**
 * Shared pieces of the fuzz tests of YAML input files (scenario and decision files): mutations of
 * real files, text and byte edits, free-form text, and the checks every refusal must pass. The
 * cases are drawn from a fixed seed, so a failure reproduces; FUZZ_SEED=<n> explores others.
 */
export const SEED = Number(process.env.FUZZ_SEED ?? 6);

export type Doc = Record<string, unknown>;
export type Path = (string | number)[];

/**
 * The file each case is written to and loaded from; in memory (/dev/shm) where there is one, since
 * a write to disk costs a hundred times more than loading a small file. Removed after the tests.
 */
export function caseFile(name: string): string {
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'drainsim-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}

/** A failed check (vitest's expect costs too much per call for ten thousand cases). */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

// ---------------------------------------------------------------------------------------------
// Mutations of a parsed document.

/** Every path of a document: mappings, lists and leaves. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

/** The container of a path's last key, if an earlier mutation left one there. */
export function parentOf(doc: unknown, path: Path): Record<string | number, unknown> | undefined {
  const node = getPath(doc, path.slice(0, -1));
  return node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Bad and edge values.

export const edgeNumbers = fc.constantFrom(0, -0, -1, 0.5, 1, 1e308, -1e308, 5e-324, 1e7, 1e7 + 1, 5e7, 5e7 + 1, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 1e21, 1e100, NaN, Infinity, -Infinity);
const edgeStrings = fc.constantFrom('5 m', '', '∞', '5m', '1h30m', '-5m', '1e3', '0x10', '5m5m', '30m1h', '1.5h', '250ms', '3651d', 'null', 'true', ' ', '\u202e', 'x'.repeat(5000), '9'.repeat(400), '__proto__', 'constructor', '1,000');

/** A list nested `depth` deep (the loader allows 32 levels in all). */
const deepNesting = fc.integer({ min: 1, max: 80 }).map((depth) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
});

export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: edgeNumbers, weight: 6 },
  { arbitrary: edgeStrings, weight: 4 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constantFrom([], {}, [1], { at: 1 }, [{}]), weight: 2 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.array(edgeNumbers, { maxLength: 4 }), weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
);

export const keyName = fc.oneof(fc.constantFrom('nme', 'Name', 'stop', 'event', 'count ', 'killAfterSeconds', '__proto__', 'constructor', 'toString', 'length', '', ' ', '0', 'sweep', 'a.b', 'x[0]', '<<'), fc.string({ maxLength: 12 }));

export type Mutation = (doc: Doc, paths: Path[]) => void;

export const setValue = fc.tuple(fc.nat(), badValue).map(([pick, value]): Mutation => (doc, paths) => {
  const path = paths[pick % paths.length];
  const parent = parentOf(doc, path);
  if (parent) parent[path[path.length - 1]] = value;
});

export const deleteKey = fc.nat().map((pick): Mutation => (doc, paths) => {
  const path = paths[pick % paths.length];
  const parent = parentOf(doc, path);
  if (parent === undefined) return;
  if (Array.isArray(parent)) parent.splice(Number(path[path.length - 1]), 1);
  else delete parent[path[path.length - 1]];
});

export const addKey = fc.tuple(fc.nat(), keyName, badValue).map(([pick, key, value]): Mutation => (doc, paths) => {
  const mappings = [doc, ...paths.map((p) => parentOf(doc, p)?.[p[p.length - 1]])].filter(
    (node): node is Doc => node !== null && typeof node === 'object' && !Array.isArray(node),
  );
  Object.defineProperty(mappings[pick % mappings.length], key, { value, enumerable: true, writable: true, configurable: true });
});

/** A base document with one to four mutations, of which the general ones (set, delete, add a key) and `extra`. */
export function mutatedDocs(bases: readonly Doc[], extra: fc.WeightedArbitrary<Mutation>[] = []): fc.Arbitrary<Doc> {
  const paths = bases.map((b) => pathsOf(b).filter((p) => p.length > 0));
  const mutation = fc.oneof({ arbitrary: setValue, weight: 8 }, { arbitrary: deleteKey, weight: 3 }, { arbitrary: addKey, weight: 3 }, ...extra);
  return fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([pick, mutations]) => {
    const index = pick % bases.length;
    const doc = structuredClone(bases[index]);
    for (const m of mutations) m(doc, paths[index]);
    return doc;
  });
}

/** A document written as YAML, in block, flow or mixed style. */
export function yamlTexts(docs: fc.Arbitrary<Doc>): fc.Arbitrary<string> {
  return fc.tuple(docs, fc.constantFrom('block', 'flow', 'any') as fc.Arbitrary<'block' | 'flow' | 'any'>).map(([doc, style]) => stringify(doc, { collectionStyle: style }));
}

// ---------------------------------------------------------------------------------------------
// Mutations of the text and of its bytes.

const CHARS = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\t', '\u0085', '\u2028', '\ufffd', '\ufeff', '\\', '"', "'", ':', '#', '&a ', '*a', '!', '%', '@', '`', '|', '>', '{', '[', ']', '}', ',', '?', '- ', ' ', '\n', '\r', '<<: *a', '!!binary ', '!!str ', '!x ', '---\n', '...\n'];

type TextEdit = (text: string) => string;
const at = (text: string, pick: number) => pick % (text.length + 1);
const lines = (text: string) => text.split('\n');

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.constant<TextEdit>((t) => `\ufeff${t}`),
  fc.constant<TextEdit>((t) => t.replace(/\n/g, '\r\n')),
  fc.constant<TextEdit>((t) => t.replace(/\n/g, '\r')),
  fc.constant<TextEdit>((t) => `${t}---\n${t}`),
  fc.constant<TextEdit>((t) => `%YAML 1.1\n---\n${t}`),
  fc.constant<TextEdit>((t) => t.replace(/^( +)/gm, '\t')),
  fc.tuple(fc.nat(), fc.constantFrom(...CHARS)).map(([p, c]): TextEdit => (t) => t.slice(0, at(t, p)) + c + t.slice(at(t, p))),
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([p, n]): TextEdit => (t) => t.slice(0, at(t, p)) + t.slice(at(t, p) + n)),
  fc.nat().map((p): TextEdit => (t) => t.slice(0, at(t, p))),
  fc.nat().map((p): TextEdit => (t) => {
    const l = lines(t);
    l.splice(p % l.length, 0, l[p % l.length]);
    return l.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 200 }), fc.constantFrom('[', '{a: ', '- ')).map(([p, depth, open]): TextEdit => (t) => {
    const i = t.indexOf(': ', at(t, p));
    if (i < 0) return t;
    const close = open === '[' ? ']' : open === '{a: ' ? '}' : '';
    return `${t.slice(0, i + 2)}${open.repeat(depth)}1${close.repeat(depth)}${t.slice(t.indexOf('\n', i))}`;
  }),
);

/** Texts with up to three edits. */
export function editedTexts(texts: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(texts, fc.array(textEdit, { maxLength: 3 })).map(([text, edits]) => edits.reduce((t, e) => e(t), text));
}

const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

/** Texts as bytes that are not UTF-8: invalid sequences, UTF-16, Latin-1. */
export function editedBytes(texts: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.tuple(texts, fc.nat(), fc.constantFrom(...INVALID_UTF8)).map(([text, p, bad]) => {
      const bytes = Buffer.from(text, 'utf8');
      const i = p % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(bad), bytes.subarray(i)]);
    }),
    texts.map((text) => Buffer.from(`\ufeff${text}`, 'utf16le')),
    texts.map((text) => Buffer.from(text, 'latin1')),
  );
}

/** Billion laughs: `levels` anchors of `width` aliases each, expanding to width^levels nodes. */
export function aliasBombs(keys: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(...keys)).map(([levels, width, key]) => {
    const out = ['a0: &a0 [{ at: 1 }]'];
    for (let l = 1; l <= levels; l++) out.push(`a${l}: &a${l} [${Array(width).fill(`*a${l - 1}`).join(', ')}]`);
    return `${out.join('\n')}\n${key}: *a${levels}\n`;
  });
}

const YAML_TOKENS = [':', ': ', ' ', '\n', '  ', '- ', '[', ']', '{', '}', ', ', '&a ', '*a', '"', "'", '#', '1', '-1', '1e9', '.nan', '.inf', '5m', 'x', '? ', '!!str ', '|', '>', '---', '...', '~', 'true'];
/** Free-form text: YAML tokens and the given words at random, binary, graphemes, alias bombs, blank files. */
export function freeTexts(words: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('', ' ', '\n', '\t\n', '\r\n', '\ufeff', '# only a comment\n', '---\n', '...\n', '~', '[]', '{}', '- 1', 'x:', 'x: ', '"x": y'),
    fc.array(fc.constantFrom(...YAML_TOKENS, ...words), { maxLength: 60 }).map((t) => t.join('')),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    aliasBombs(words),
  );
}

export const freeBytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));

// ---------------------------------------------------------------------------------------------
// The checks of every case.

/** The value the YAML reader gives for a file, or undefined when the reader itself refuses it. */
function readerValue(content: string | Buffer, file: string): unknown {
  try {
    const text = typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: true }).decode(content);
    if (text.includes('\u0000')) return undefined;
    return parseYamlText(text, file, { file: '', content: '' });
  } catch {
    return undefined;
  }
}

/**
 * Writes a case to `file` and loads it: the loaded value, or the InputError it was refused with
 * after checking it is one clear line. Anything else thrown fails the case, and so does a load
 * that takes a second (a hang guard, not a speed target).
 */
export function loadCase<T>(file: string, content: string | Buffer, load: () => T): T | InputError {
  writeFileSync(file, content);
  const started = performance.now();
  let error: unknown;
  try {
    return load();
  } catch (e) {
    error = e;
  } finally {
    const ms = performance.now() - started;
    check(ms < 1000, `a hang guard: each load takes well under a second (took ${ms.toFixed(0)} ms)`);
  }
  if (!(error instanceof InputError)) throw error;
  const message = error.message;
  check(!/[\n\r\u2028\u2029]/.test(message), `one line: ${message}`);
  check(message.startsWith(`${file}: `) && error.file === file, `starts with the file name: ${message}`);
  check(!!error.allowed && message.includes('; allowed: '), `says what is allowed: ${message}`);
  check(message.length < 1000, `a short message: ${message.slice(0, 200)}`);
  if (error.path !== undefined) {
    check(message.startsWith(`${file}: ${oneLine(error.path)}: `), `names the field path: ${message}`);
  } else {
    // Without a field path the YAML reader itself must refuse the file, or it is not a mapping.
    const value = readerValue(content, file);
    check(value === undefined || value === null || typeof value !== 'object' || Array.isArray(value), `names the field path: ${message}`);
  }
  return error;
}
