import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concordanceCell, concordanceRow } from '../../src/loadfile/concordance.js';
import { opticonLine } from '../../src/loadfile/opticon.js';
import { CONCORDANCE_IMPORT, ConcordanceReader } from '../../src/loadfile/review/concordance-reader.js';
import { OpticonReader, type OpticonDocument } from '../../src/loadfile/review/opticon-reader.js';

/** Read a text with the review platform's reader, fed in the given pieces. */
function read(pieces: string[]) {
  const rows: { values: string[]; line: number }[] = [];
  const problems: { line: number; what: string }[] = [];
  const r = new ConcordanceReader(CONCORDANCE_IMPORT, { row: (values, line) => rows.push({ values, line }), problem: (line, what) => problems.push({ line, what }) });
  for (const p of pieces) r.feed(p);
  r.end();
  return { rows, problems };
}

/** What a receiving platform gets back: a line break in any form (and ® itself) reads as LF. */
const received = (v: string) => v.replace(/\r\n?/g, '\n').replaceAll('\u00ae', '\n');

describe('Concordance cells as IAPI writes them', () => {
  it('quotes with þ, doubles a þ inside, turns CRLF, CR and LF into ®', () => {
    expect(concordanceCell('plain')).toBe('\u00feplain\u00fe');
    expect(concordanceCell('a\u00feb')).toBe('\u00fea\u00fe\u00feb\u00fe');
    expect(concordanceCell('one\r\ntwo\rthree\nfour')).toBe('\u00feone\u00aetwo\u00aethree\u00aefour\u00fe');
    expect(concordanceRow(['a', ''])).toBe('\u00fea\u00fe\u0014\u00fe\u00fe\r\n');
  });
});

describe('round trip through the independent reader', () => {
  const tricky = ['', 'DOC1000042', 'line one\r\nline two', 'He wrote \u00feyes\u00fe.', 'column \u0014 inside', 'Zoë — 東京', 'Responsive;Hot', 'Issues\\Contracts;Issues\\Pricing', '\u00fe', '\u00fe\u00fe', 'ends with a quote\u00fe', '\n', 'tab\there'];

  it('gets tricky values back, whatever the chunk boundaries', () => {
    const text = concordanceRow(tricky) + concordanceRow(tricky.slice().reverse());
    for (let cut = 0; cut <= text.length; cut++) {
      const { rows, problems } = read([text.slice(0, cut), text.slice(cut)]);
      expect(problems).toEqual([]);
      expect(rows.map((r) => r.values)).toEqual([tricky.map(received), tricky.slice().reverse().map(received)]);
      expect(rows.map((r) => r.line)).toEqual([1, 2]);
    }
  });

  it('property: any rows of any strings come back as a platform receives them', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'é', '東', '\u00fe', '\u0014', '\r', '\n', '\u00ae', ';', '\\', ',', ' ') });
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), fc.nat(), (rows, cut) => {
        const text = rows.map((r) => concordanceRow(r)).join('');
        const at = cut % (text.length + 1);
        const got = read([text.slice(0, at), text.slice(at)]);
        expect(got.problems).toEqual([]);
        expect(got.rows.map((r) => r.values)).toEqual(rows.map((r) => r.map(received)));
      }),
    );
  });
});

describe('Opticon lines', () => {
  it('Y and the page count on the first page only; the reader groups pages into documents', () => {
    const text = opticonLine('DOC1', 'VOL01', '.\\VOL01\\IMAGES\\IMG001\\DOC1.tif', true, 2) + opticonLine('DOC1_0002', 'VOL01', '.\\VOL01\\IMAGES\\IMG001\\DOC1_0002.tif', false, 2);
    expect(text).toBe('DOC1,VOL01,.\\VOL01\\IMAGES\\IMG001\\DOC1.tif,Y,,,2\r\nDOC1_0002,VOL01,.\\VOL01\\IMAGES\\IMG001\\DOC1_0002.tif,,,,\r\n');
    const docs: OpticonDocument[] = [];
    const problems: string[] = [];
    const r = new OpticonReader({ document: (d) => docs.push(d), problem: (line, what) => problems.push(`${line}: ${what}`) });
    r.feed(text.slice(0, 30));
    r.feed(text.slice(30));
    r.end();
    expect(problems).toEqual([]);
    expect(docs).toHaveLength(1);
    expect(docs[0].declaredPages).toBe(2);
    expect(docs[0].pages.map((p) => [p.bates, p.line])).toEqual([['DOC1', 1], ['DOC1_0002', 2]]);
  });
});
