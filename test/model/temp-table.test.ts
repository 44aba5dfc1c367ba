import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/model/arena.js';
import { FrozenVersions, TempTable } from '../../src/model/temp-table.js';
import { scenario } from '../helpers.js';

describe('TempTable', () => {
  it('exists until IAPI drops it at the end of the export', () => {
    const t = new TempTable(0, new Int32Array([3, 1, 2]), 5);
    expect(t.rowCount).toBe(3);
    expect(t.existsAt(1e9)).toBe(true);
    t.drop(100, 'dropped by IAPI when the export finished');
    expect(t.existsAt(99.9)).toBe(true);
    expect(t.existsAt(100)).toBe(false);
    t.drop(200, 'later');
    expect(t.goneBecause).toBe('dropped by IAPI when the export finished');
  });

  it('kept on a stop: expires after the retention, and counts the time it was held', () => {
    const t = new TempTable(0, new Int32Array(10), 0);
    t.keep(100, 3600);
    expect(t.existsAt(3699)).toBe(true);
    expect(t.existsAt(3700)).toBe(false);
    expect(t.goneBecause).toMatch(/expired after the 3600 s retention/);
    t.reuse(700); // resumed within the retention
    expect(t.retainedSeconds).toBe(600);
    expect(t.existsAt(1e9)).toBe(true);
  });

  it('a table still kept when the job ends is held until it expires', () => {
    const t = new TempTable(0, new Int32Array(10), 0);
    t.keep(50, 1000);
    t.settleRetention();
    expect(t.retainedSeconds).toBe(1000);
  });
});

describe('FrozenVersions', () => {
  it('keeps only the edited versions when few are, every one otherwise, and reads the same either way', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 200 }), fc.nat(), (versions, startSeed) => {
        const version = Int32Array.from(versions.map((v) => (v === 3 ? 7 : v === 2 ? 1 : 0)));
        const records = Int32Array.from(version.keys()).reverse();
        const arena = new Arena(true);
        arena.prepare(scenario({ source: { documents: 200 } }));
        const sparse = FrozenVersions.freeze(records, version, arena.lists, true);
        const dense = FrozenVersions.freeze(records, version, new Arena(false).lists, false);
        const expected = Array.from(records, (r) => version[r]);
        const edited = expected.filter((v) => v !== 0).length;
        expect(sparse.list === null).toBe(edited <= records.length >> 3);
        const start = records.length === 0 ? 0 : startSeed % (records.length + 1);
        for (const f of [sparse, dense]) {
          expect(Array.from(f.toArray())).toEqual(expected);
          const from = f.from(start);
          expect(Array.from(from.toArray())).toEqual(expected.slice(start));
          expect(Array.from({ length: from.length }, (_, k) => from.at(k))).toEqual(expected.slice(start));
          // A walk in order, then one back to the start.
          expect(Array.from({ length: from.length }, (_, k) => from.next(k))).toEqual(expected.slice(start));
          expect(Array.from({ length: from.length }, (_, k) => from.next(from.length - 1 - k))).toEqual(expected.slice(start).reverse());
        }
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});
