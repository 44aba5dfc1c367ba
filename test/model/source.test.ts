import { describe, expect, it } from 'vitest';
import { DataSource } from '../../src/model/source.js';

const cost = { docsPerSecond: 50, files: { meanBytes: 0, sigma: 1, bytesPerSecond: 1e8, largeShare: 0, largeBytes: 0, pagesPerDoc: 1 }, sizeKey: 7 };

describe('DataSource', () => {
  it('starts with every record in the query, in artifact-id order', () => {
    const s = DataSource.create(5, 'artifact-id', cost);
    expect(Array.from(s.snapshot())).toEqual([0, 1, 2, 3, 4]);
    expect(s.artifactId(0)).toBe(1_000_000);
  });

  it('inserts records at a position of the current export order', () => {
    const s = DataSource.create(4, 'sort-key', cost);
    s.insertAt(1, 2);
    expect(Array.from(s.snapshot())).toEqual([0, 4, 5, 1, 2, 3]);
    s.insertAt(0, 1);
    expect(s.snapshot()[0]).toBe(6);
    s.insertAt(100, 1);
    expect(s.snapshot().at(-1)).toBe(7);
  });

  it('an existing document entering the query is placed like an insert but reported as an entry', () => {
    const s = DataSource.create(3, 'artifact-id', cost);
    const seen: string[] = [];
    s.listener = (kind, record) => seen.push(`${kind} ${record}`);
    s.insertAt(1, 1, 'enter');
    s.insertAt(0, 1);
    expect(Array.from(s.snapshot())).toEqual([4, 0, 3, 1, 2]);
    expect(seen).toEqual(['enter 3', 'insert 4']);
  });

  it('deletes, exits and edits by position; deleted and exited records leave the query', () => {
    const s = DataSource.create(6, 'artifact-id', cost);
    s.deleteAt(1, 2); // records 1, 2
    expect(Array.from(s.snapshot())).toEqual([0, 3, 4, 5]);
    s.exitAt(0, 1); // record 0
    expect(Array.from(s.snapshot())).toEqual([3, 4, 5]);
    s.editAt(1, 1); // record 4
    expect(s.version[4]).toBe(1);
    expect(s.isLive(0)).toBe(false);
    expect(s.isLive(1)).toBe(false);
  });

  it('moves records by sort-key edits only in sort-key order', () => {
    const s = DataSource.create(5, 'sort-key', cost);
    s.moveTo(3, 2, 0); // records 3 and 4 to the front
    expect(Array.from(s.snapshot())).toEqual([3, 4, 0, 1, 2]);
    const a = DataSource.create(5, 'artifact-id', cost);
    a.moveTo(3, 2, 0);
    expect(Array.from(a.snapshot())).toEqual([0, 1, 2, 3, 4]);
  });

  it('keyset query returns the live records above a key', () => {
    const s = DataSource.create(5, 'sort-key', cost);
    expect(Array.from(s.liveAfterKey(2))).toEqual([3, 4]);
    expect(Array.from(s.liveAfterKey(-1))).toEqual([0, 1, 2, 3, 4]);
  });

  it('a clone evolves independently', () => {
    const s = DataSource.create(3, 'artifact-id', cost);
    const c = s.clone();
    c.deleteAt(0, 1);
    c.insertRandom(0.5);
    expect(s.snapshot().length).toBe(3);
    expect(c.snapshot().length).toBe(3);
    expect(c.size).toBe(4);
  });

  it('document time is 1/docsPerSecond plus bytes over the share rate, fixed per record', () => {
    const files = { ...cost.files, meanBytes: 1e6, sigma: 1 };
    const a = DataSource.create(2000, 'artifact-id', { ...cost, files });
    const b = DataSource.create(2000, 'artifact-id', { ...cost, files });
    expect(Array.from(a.seconds)).toEqual(Array.from(b.seconds));
    const meanExtra = a.seconds.subarray(0, 2000).reduce((x, y) => x + y, 0) / 2000 - 1 / 50;
    expect(meanExtra).toBeGreaterThan(0.006);
    expect(meanExtra).toBeLessThan(0.014); // mean 1 MB at 100 MB/s = 0.01 s
    const large = DataSource.create(1000, 'artifact-id', { ...cost, files: { ...cost.files, largeShare: 0.1, largeBytes: 5e10 } });
    const big = Array.from(large.seconds.subarray(0, 1000)).filter((x) => x > 400).length;
    expect(big).toBeGreaterThan(60);
    expect(big).toBeLessThan(140);
  });
});
