import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/oracle/result.js';
import { resultsCsv } from '../../src/report/csv.js';
import { loadScenarioPaths } from '../../src/scenario/load.js';

/** The README's DuckDB one-liners, on reports/example instead of reports/latest. */
function readmeQueries(dir: string): string[] {
  return readFileSync('README.md', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('duckdb -c "'))
    .map((l) => l.slice('duckdb -c "'.length, -1).replaceAll('reports/latest/', `${dir}/`));
}

const RUNS = readFileSync('reports/example/results.jsonl', 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as RunResult);
const dir = mkdtempSync(join(tmpdir(), 'drainsim-duckdb-'));
let db: DuckDBConnection;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

describe('results.jsonl and results.csv in DuckDB', () => {
  beforeAll(async () => {
    db = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => {
    db?.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the README's one-liners give the same answer from either file, the runs' own", async () => {
    const [fromJsonl, fromCsv] = readmeQueries('reports/example');
    expect(fromJsonl).toContain("read_json('reports/example/results.jsonl')");
    expect(fromCsv).toContain("read_csv('reports/example/results.csv'");
    const a = await rows(fromJsonl);
    expect(await rows(fromCsv)).toEqual(a);
    const strategies = [...new Set(RUNS.map((r) => r.strategy))].sort();
    expect(a.map((r) => r.strategy)).toEqual(strategies);
    for (const row of a) {
      const own = RUNS.filter((r) => r.strategy === row.strategy);
      expect(Number(row.runs)).toBe(own.length);
      expect(row.duplicates).toBeCloseTo(own.reduce((s, r) => s + r.duplicates, 0) / own.length, 9);
      // max() skips nulls (a failed run's rerunSeconds, once issue 11 lands).
      expect(row.worst_rerun).toBe(Math.max(...own.map((r) => r.rerunSeconds).filter((x): x is number => x !== null)));
    }
  });

  it('every CSV column keeps its type, and fingerprints that look like numbers stay text', async () => {
    // Three runs of the example with fingerprints a reader would take for numbers.
    const odd = RUNS.slice(0, 3).map((r, i) => ({ ...r, fingerprint: ['00123456', '1e345678', '12345678'][i] }));
    writeFileSync(join(dir, 'results.csv'), resultsCsv(odd, loadScenarioPaths(['scenarios/design-record-example.yaml']).map((s) => s.scenario)));
    const [, query] = readmeQueries(dir);
    const source = /FROM (read_csv\(.*\)) GROUP BY/.exec(query)![1];
    const types = Object.fromEntries((await rows(`DESCRIBE SELECT * FROM ${source}`)).map((c) => [c.column_name, c.column_type]));
    expect(types).toMatchObject({ scenario: 'VARCHAR', seed: 'BIGINT', strategy: 'VARCHAR', duplicates: 'BIGINT', rerunSeconds: 'DOUBLE', completionSeconds: 'DOUBLE', stopOutcomes: 'VARCHAR', fingerprint: 'VARCHAR' });
    expect((await rows(`SELECT fingerprint FROM ${source}`)).map((r) => r.fingerprint)).toEqual(['00123456', '1e345678', '12345678']);
    // Text is quoted, numbers are not: what QUOTE_NONNUMERIC readers need.
    const line = readFileSync(join(dir, 'results.csv'), 'utf8').split('\r\n')[1];
    expect(line).toMatch(/^"design-record-example","design-record-example",1,"status-quo",/);
    expect(line).toMatch(/,"00123456"(,|$)/);
  });

  it('reports/example/results.csv and results.jsonl hold the same runs, fingerprints as text', async () => {
    const [, query] = readmeQueries('reports/example');
    const source = /FROM (read_csv\(.*\)) GROUP BY/.exec(query)![1];
    const csv = await rows(`SELECT scenario, seed, strategy, duplicates, completionSeconds, fingerprint FROM ${source}`);
    expect(csv).toEqual(RUNS.map((r) => ({ scenario: r.scenario, seed: String(r.seed), strategy: r.strategy, duplicates: String(r.duplicates), completionSeconds: r.completionSeconds, fingerprint: r.fingerprint })));
  });
});
