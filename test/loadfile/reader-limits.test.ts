import { describe, expect, it } from 'vitest';
import { CONCORDANCE_IMPORT, ConcordanceReader } from '../../src/loadfile/review/concordance-reader.js';
import { OpticonReader } from '../../src/loadfile/review/opticon-reader.js';

const Q = CONCORDANCE_IMPORT.quote;
const C = CONCORDANCE_IMPORT.column;

// verify reads files of any size in constant memory: a row or line no load file has is reported, never held whole.
describe('the load-file readers hold at most a bounded row', () => {
  it('Concordance: a quoted value of 40 million characters is one problem; the next row is read', () => {
    const problems: string[] = [];
    const rows: string[][] = [];
    const reader = new ConcordanceReader(CONCORDANCE_IMPORT, { row: (v) => rows.push(v), problem: (line, what) => problems.push(`${line}: ${what}`) });
    reader.feed(`${Q}a${Q}${C}${Q}b${Q}\r\n${Q}`);
    const chunk = 'x'.repeat(1 << 20);
    for (let i = 0; i < 40; i++) reader.feed(chunk);
    reader.feed(`${Q}\r\n${Q}c${Q}${C}${Q}d${Q}\r\n`);
    reader.end();
    expect(problems).toEqual(['2: a row of more than 16777216 characters']);
    expect(rows).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('Concordance: millions of empty fields are one problem', () => {
    const problems: string[] = [];
    const reader = new ConcordanceReader(CONCORDANCE_IMPORT, { row: () => {}, problem: (line, what) => problems.push(`${line}: ${what}`) });
    for (let i = 0; i < 20; i++) reader.feed(C.repeat(1 << 20));
    reader.feed('\r\n');
    reader.end();
    expect(problems).toEqual(['1: a row of more than 16777216 characters']);
  });

  it('Opticon: a line of 10 million characters is one problem', () => {
    const problems: string[] = [];
    const reader = new OpticonReader({ document: () => {}, problem: (line, what) => problems.push(`${line}: ${what}`) });
    for (let i = 0; i < 10; i++) reader.feed('y'.repeat(1 << 20));
    reader.feed('\r\nDOC1,VOL01,.\\VOL01\\IMAGES\\IMG001\\DOC1.tif,Y,,,1\r\n');
    reader.end();
    expect(problems).toEqual(['1: a line of more than 65536 characters']);
  });
});
