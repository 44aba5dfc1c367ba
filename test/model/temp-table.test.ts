import { describe, expect, it } from 'vitest';
import { TempTable } from '../../src/model/temp-table.js';

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
