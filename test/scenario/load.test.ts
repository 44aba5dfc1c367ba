import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { MAX_FILE_BYTES } from '../../src/io/yaml-file.js';
import { loadScenarioFile, loadScenarioPaths, loadScenarioText } from '../../src/scenario/load.js';

const dir = mkdtempSync(join(tmpdir(), 'drainsim-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function thrown(load: () => unknown): InputError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.message).not.toMatch(/[\n\r]/);
    return inputError;
  }
  throw new Error('expected an InputError');
}

const EXAMPLE = `
name: inserts-ahead          # required
description: "what question this scenario answers"
seed: 1
runs: 1
source: { kind: production, documents: 50000 }
files: { meanBytes: 0, sigma: 1, bytesPerSecond: 100000000, largeShare: 0, largeBytes: 20000000000, pagesPerDoc: 1 }
iapi: { append: true, keepTempTable: true, exportByArtifactIds: true }
exporter: { batchSize: 1000, docsPerSecond: 50, prepareSeconds: 2 }
manager: { totalCountSeconds: 5 }
job: { overwrite: false, startAtRecord: 1, pollSeconds: 0.5, killAfter: "5m" }
budget: 5m
stops: [ { at: 200, downtime: 600 } ]
churn: { insertsPerHour: 0, deletesPerHour: 0, entriesPerHour: 0, exitsPerHour: 0, sortKeyEditsPerHour: 0, contentEditsPerHour: 0 }
faults: { transientErrorProbability: 0 }
events:
  - { at: 400, insert: { position: 0, count: 5000 } }
  - { at: 400, delete: { position: 0, count: 10 } }
  - { at: 400, exit: { position: 3, count: 2 } }
  - { at: 400, edit: { position: 3, count: 2 } }
  - { at: 400, move: { position: 3, count: 2, to: 0 } }
  - { at: 400, errors: { count: 3 } }
`;

describe('loadScenarioText', () => {
  it('loads the contract example', () => {
    const scenario = loadScenarioText(EXAMPLE, 'example.yaml');
    expect(scenario.source).toEqual({ kind: 'production', documents: 50000, order: 'bates' });
    expect(scenario.budget).toBe(300);
    expect(scenario.events.map((event) => event.kind)).toEqual(['insert', 'delete', 'exit', 'edit', 'move', 'errors']);
  });

  it('accepts a mapping of 100 keys (refused by the schema, not the reader)', () => {
    expect(thrown(() => loadScenarioText(Array.from({ length: 100 }, (_, i) => `k${i}: 1`).join('\n'), 't.yaml')).message).toMatch(/^t\.yaml: name: missing \(required\)/);
  });

  it('accepts 99 aliases', () => {
    expect(loadScenarioText(`name: n\nstops: [&e { at: 1 }, ${Array(99).fill('*e').join(', ')}]\n`, 'a.yaml').stops).toHaveLength(100);
  });

  it('accepts anchors and aliases within the limit, a byte-order mark and CRLF line ends', () => {
    const text = '\uFEFFname: aliased\r\nstops:\r\n  - &stop { at: 1m, downtime: 5m }\r\n  - *stop\r\n';
    expect(loadScenarioText(text, 'a.yaml').stops).toEqual([
      { at: 60, downtime: 300 },
      { at: 60, downtime: 300 },
    ]);
  });

  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
    .concat(['b', 'c', 'd', 'e', 'f'].map((key, i) => `${key}: &${key} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`))
    .join('\n');

  it.each<[string, string, RegExp]>([
    ['empty text', '', /^t\.yaml: the file is empty; allowed: a YAML mapping of scenario keys$/],
    ['blank text', ' \n\t\n', /^t\.yaml: the file is empty/],
    ['only comments', '# nothing\n', /^t\.yaml: the file has no YAML content/],
    ['a list', '- name: x\n', /^t\.yaml: the top level is not a mapping \(got a list of 1 item\); allowed: a mapping with the keys name, /],
    ['a scalar', 'just text', /^t\.yaml: the top level is not a mapping \(got "just text"\)/],
    ['null', '~', /^t\.yaml: the top level is not a mapping \(got null\)/],
    ['bad indentation', 'name: a\n  b: c\n', /^t\.yaml: YAML syntax error at line 1, column 7: .*; allowed: YAML 1\.2 syntax$/],
    ['unclosed flow', 'name: x\nsource: { kind: folder\n', /^t\.yaml: YAML syntax error at line \d+, column \d+: /],
    ['tab indentation', 'name: x\nsource:\n\tkind: folder\n', /^t\.yaml: YAML syntax error at line 3, column 1: Tabs are not allowed/],
    ['duplicate key', 'name: x\nname: y\n', /^t\.yaml: YAML syntax error at line 2, column 1: Map keys must be unique.*; allowed: each key once in a mapping$/],
    ['two documents', 'name: x\n---\nname: y\n', /^t\.yaml: YAML syntax error at line 2, column 1: more than one YAML document; allowed: one YAML document/],
    ['unknown alias', 'name: *nothing\n', /^t\.yaml: YAML alias error: .*nothing; allowed: at most 99 aliases/],
    ['alias bomb', bomb, /^t\.yaml: YAML alias error: Excessive alias count/],
    // Found by fuzzing: aliases of an empty collection escaped the yaml package's count, and each
    // alias costs a walk over the document (200,000 of them took minutes).
    ['many aliases of an empty mapping', `x: &e {}\nname: n\nstops: [${Array(20_000).fill('*e').join(', ')}]\n`, /^t\.yaml: more than 99 aliases at line 3, column 405; allowed: at most 99 aliases \(\*name\) of earlier anchors \(&name\), making at most 100 copies of a node$/],
    // Found by fuzzing: the yaml package checks duplicate keys pairwise (70,000 keys took a minute).
    ['a block mapping of many keys', Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join('\n'), /^t\.yaml: a mapping of 20000 keys at line 1, column 1; allowed: at most 100 keys in a mapping$/],
    ['a flow mapping of many keys', `name: x\nsource: {${Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join(', ')}}`, /^t\.yaml: a mapping of 20000 keys at line 2, column 9; allowed: at most 100 keys in a mapping$/],
    ['deep flow nesting', `name: x\nsource: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /^t\.yaml: nesting too deep at line 2, column \d+; allowed: at most 32 nested collections$/],
    ['deep unclosed flow nesting', '{a: '.repeat(100_000), /^t\.yaml: nesting too deep/],
    ['deep block nesting', Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), /^t\.yaml: nesting too deep at line 33, column 33/],
    ['deep compact sequences', `name: x\nstops:\n${'- '.repeat(10_000)}1\n`, /^t\.yaml: nesting too deep/],
    ['NUL byte', 'name: "a\u0000b"\n', /^t\.yaml: binary data \(control character U\+0000 at line 1, column 9\); allowed: UTF-8 YAML text$/],
    ['other control byte', 'name: x\nseed: 1\u0007\n', /^t\.yaml: binary data \(control character U\+0007 at line 2, column 8\)/],
    ['too long text', `name: x\ndescription: "${'d'.repeat(MAX_FILE_BYTES)}"\n`, /^t\.yaml: the text has \d+ bytes; allowed: at most 1048576 bytes \(1 MiB\)$/],
    ['NaN', 'name: x\nbudget: .nan\n', /^t\.yaml: budget: got NaN; allowed: a duration/],
    ['infinity', 'name: x\nchurn: { deletesPerHour: .inf }\n', /^t\.yaml: churn\.deletesPerHour: got Infinity; allowed: a number from 0 to 10000000$/],
    ['overflowing number', 'name: x\nsource: { documents: 1e999 }\n', /^t\.yaml: source\.documents: got Infinity/],
    ['prototype key', 'name: x\n__proto__: { name: y }\n', /^t\.yaml: __proto__: unknown key/],
    ['merge key', 'base: &b { kind: folder }\nname: x\n', /^t\.yaml: base: unknown key/],
    // Found by fuzzing: a %YAML 1.1 directive switched to the 1.1 schema, whose merge key threw a plain Error.
    ['a %YAML 1.1 directive and a merge key', '%YAML 1.1\n---\nname: x\n<<: 0\n', /^t\.yaml: \["<<"\]: unknown key/],
    ['a %YAML 1.1 directive and a merge of a mapping', '%YAML 1.1\n---\nname: x\n<<: { runs: 3 }\n', /^t\.yaml: \["<<"\]: unknown key/],
    ['a YAML 1.1 tag', 'name: x\nstops: !!set { a, b }\n', /^t\.yaml: stops: got a mapping/],
    ['collection as key', '? [a, b]\n: 1\nname: x\n', /^t\.yaml: \["\[ a, b \]"\]: unknown key/],
  ])('%s', (_label, text, message) => {
    const error = thrown(() => loadScenarioText(text, 't.yaml'));
    expect(error.message).toMatch(message);
    expect(error.file).toBe('t.yaml');
  });

  // Found by fuzzing: the parser gives the document only when it is complete, and a megabyte of
  // '[' cost it ten seconds; the nesting is now refused while parsing.
  it.each([
    ['[', '['.repeat(MAX_FILE_BYTES)],
    ['{a: ', '{a: '.repeat(MAX_FILE_BYTES / 4)],
    ['- ', `a:\n${'- '.repeat(MAX_FILE_BYTES / 2 - 2)}`],
  ])('refuses a 1 MiB nesting attack of %j while parsing (a hang guard: well under a second)', (_unit, text) => {
    const started = performance.now();
    expect(thrown(() => loadScenarioText(text, 't.yaml')).message).toMatch(/^t\.yaml: nesting too deep at line \d+, column \d+; allowed: at most 32 nested collections$/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('loadScenarioFile', () => {
  it('loads a file', () => {
    expect(loadScenarioFile(write('ok.yaml', EXAMPLE)).name).toBe('inserts-ahead');
  });

  it('names the file and the field path of a bad value', () => {
    const file = write('bad-field.yaml', 'name: x\nstops:\n  - { at: 1 }\n  - { at: soon }\n');
    expect(thrown(() => loadScenarioFile(file))).toMatchObject({ file, path: 'stops[1].at', message: expect.stringMatching(/^.*bad-field\.yaml: stops\[1\]\.at: got "soon"; allowed: a duration/) });
  });

  it.each<[string, () => string, RegExp]>([
    ['missing file', () => join(dir, 'missing.yaml'), /missing\.yaml: no such file$/],
    ['path through a file', () => join(write('plain.txt', 'x'), 'child.yaml'), /child\.yaml: no such file \(a part of the path is not a directory\)$/],
    ['directory', () => dir, /: is a directory; allowed: a scenario file \(\.yaml or \.yml\)$/],
    ['device', () => '/dev/null', /^\/dev\/null: not a regular file/],
    ['file over 1 MiB', () => write('big.yaml', `name: x\n#${'c'.repeat(MAX_FILE_BYTES)}\n`), /big\.yaml: the file has \d+ bytes; allowed: at most 1048576 bytes \(1 MiB\)$/],
    ['binary file', () => write('binary.yaml', new Uint8Array([0x6e, 0x61, 0x00, 0xff, 0x10])), /binary\.yaml: binary data \(a NUL byte at byte 2\); allowed: UTF-8 YAML text$/],
    ['Latin-1 file', () => write('latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1')), /latin1\.yaml: not valid UTF-8; allowed: UTF-8 YAML text$/],
    ['UTF-16 file', () => write('utf16.yaml', Buffer.from('\uFEFFname: x\n', 'utf16le')), /utf16\.yaml: binary data/],
    ['empty file', () => write('empty.yaml', ''), /empty\.yaml: the file is empty/],
    ['symbolic link loop', () => { const loop = join(dir, 'loop.yaml'); symlinkSync(loop, loop); return loop; }, /loop\.yaml: too many symbolic links$/],
  ])('%s', (_label, makePath, message) => {
    const path = makePath();
    const error = thrown(() => loadScenarioFile(path));
    expect(error.message).toMatch(message);
    expect(error.file).toBe(path);
  });
});

describe('loadScenarioPaths', () => {
  it('expands directories to their *.yaml and *.yml files sorted by name, next to single files', () => {
    const suite = join(dir, 'suite');
    mkdirSync(suite);
    for (const name of ['b.yml', 'a.yaml', 'c.YAML', 'notes.txt']) writeFileSync(join(suite, name), `name: ${name}\n`);
    const single = write('single.yaml', 'name: single\n');
    expect(loadScenarioPaths([suite, single]).map(({ file, scenario }) => [file, scenario.name])).toEqual([
      [join(suite, 'a.yaml'), 'a.yaml'],
      [join(suite, 'b.yml'), 'b.yml'],
      [join(suite, 'c.YAML'), 'c.YAML'],
      [single, 'single'],
    ]);
  });

  it('refuses a directory without scenario files and a missing path', () => {
    const empty = join(dir, 'no-scenarios');
    mkdirSync(empty);
    expect(thrown(() => loadScenarioPaths([empty])).message).toMatch(/no-scenarios: the directory has no scenario files; allowed: \*\.yaml or \*\.yml files$/);
    expect(thrown(() => loadScenarioPaths([join(dir, 'nowhere')])).message).toMatch(/nowhere: no such file$/);
  });

  it('reports the first bad file by name', () => {
    const suite = join(dir, 'suite-bad');
    mkdirSync(suite);
    writeFileSync(join(suite, 'a.yaml'), 'name: fine\n');
    writeFileSync(join(suite, 'b.yaml'), 'name: bad\nruns: 0\n');
    expect(thrown(() => loadScenarioPaths([suite])).message).toBe(`${join(suite, 'b.yaml')}: runs: got 0; allowed: an integer from 1 to 100000`);
  });
});
