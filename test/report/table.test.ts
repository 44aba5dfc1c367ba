import { describe, expect, it } from 'vitest';
import { comparisonTable } from '../../src/report/table.js';
import { run, stop } from '../analysis/fixtures.js';

describe("run's comparison table", () => {
  const table = comparisonTable(
    [
      run('restart', { duplicates: 1200, rerunSeconds: 4321.5, stops: [stop(12)] }),
      run('status-quo', { failed: 'Overwrite not selected\u001b[31m', rerunSeconds: -50, stops: [stop(300, { hardKilled: true, outcome: 'killed', withinBudget: false })] }),
    ],
    300,
  );
  const lines = table.split('\n');

  it('explains every column under it, and says "1 seed"', () => {
    const header = lines[0].split(/\s{2,}/);
    const legend = lines.slice(lines.indexOf('Columns:') + 1);
    for (const column of header.slice(1)) expect(legend.some((l) => l.startsWith(`  ${column} `)), column).toBe(true);
    expect(table).toContain('1 seed; means per run over the seeds unless said; budget 300 s; 1 of 2 stops ended by a kill.');
  });

  it('groups thousands, gives a failed run no rerun time, and lets no control character through', () => {
    expect(lines[1]).toMatch(/^restart\s+1,200 .* 4,322 /);
    expect(lines[2]).toMatch(/0\/1\s+1\s+-\s+10\s/); // killed 1, rerun '-', done at 10 s
    expect(lines[2].endsWith('1/1: Overwrite not selected\\u001b[31m')).toBe(true);
  });
});
