import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMemory, type MemoryAvailable } from '../../src/io/memory.js';
import { estimateMemory, MEMORY_COSTS } from '../../src/scenario/memory.js';
import { parseScenario } from '../../src/scenario/schema.js';
import { CAN_MAKE_CGROUP, memoryCgroup } from '../cgroup.js';
import { inputErrorOf } from '../helpers.js';

const GiB = 2 ** 30;
const root = mkdtempSync(join(tmpdir(), 'drainsim-memory-'));
/** A scenario file of `documents` documents with one stop (and its resolved form). */
function scenarioFile(name: string, documents: number, extra = ''): { file: string; sc: ReturnType<typeof parseScenario> } {
  const text = `name: ${name}\nsource: { documents: ${documents} }\nexporter: { docsPerSecond: 1000 }\nstops: [ { at: 60, downtime: 10m } ]\n${extra}`;
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, text);
  return { file, sc: parseScenario({ name, source: { documents }, exporter: { docsPerSecond: 1000 }, stops: [{ at: 60, downtime: 600 }] }) };
}
/** An injected limit of `gib` GiB, as a cgroup's. */
const limit = (gib: number): MemoryAvailable => ({ bytes: gib * GiB, heapBytes: 2 * GiB, source: `within the cgroup's limit of ${gib * 1024} MiB` });
const twoGiB = limit(2);

describe('the memory a run needs, estimated from its scenario before it starts', () => {
  it('grows with records, churn, history events, worker threads and results', () => {
    const small = scenarioFile('small', 100_000).sc;
    const large = scenarioFile('large', 10_000_000).sc;
    const run = (sc: typeof small, workers = 0, strategies = 7) => estimateMemory([sc], strategies, workers).bytes;
    // 9.9M more records, and 9,900 more batches in the history.
    expect(run(large) - run(small)).toBe(9_900_000 * MEMORY_COSTS.recordBytes + 9_900 * MEMORY_COSTS.eventBytes);
    const churned = parseScenario({ name: 'c', source: { documents: 100_000 }, stops: [{ at: 60, downtime: '8h' }], churn: { insertsPerHour: 100_000 } });
    expect(run(churned) - run(small)).toBeGreaterThan(800_000 * MEMORY_COSTS.recordBytes);
    const many = parseScenario({ name: 'm', runs: 8, source: { documents: 100_000 } });
    expect(run(many, 4)).toBeGreaterThan(run(many, 2) + 2 * run(small) - 2 * MEMORY_COSTS.processBytes);
    expect(estimateMemory([{ ...small, runs: 100_000 }], 7, 0).heapBytes).toBeGreaterThan(700_000 * MEMORY_COSTS.resultBytes);
  });

  it('is close to the peak a run measures (its own process: a job of 500,000 documents with churn)', () => {
    writeFileSync(join(root, 'h.yaml'), 'name: h\nsource: { documents: 500000 }\nstops: [ { at: 60, downtime: 10m } ]\nchurn: { insertsPerHour: 100000 }\n');
    const code = `
      const { loadScenarioFile } = await import('./src/scenario/load.ts');
      const { simulateScenario } = await import('./src/simulate.ts');
      const { strategiesFromList } = await import('./src/strategies/registry.ts');
      const { estimateMemory } = await import('./src/scenario/memory.ts');
      const sc = loadScenarioFile(${JSON.stringify(join(root, 'h.yaml'))});
      simulateScenario(sc, strategiesFromList('restart,keyset'));
      console.log(JSON.stringify({ measured: process.resourceUsage().maxRSS * 1024, estimated: estimateMemory([sc], 2, 0).bytes }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    const { measured, estimated } = JSON.parse(r.stdout) as { measured: number; estimated: number };
    expect(estimated / measured).toBeGreaterThan(0.8);
    expect(estimated / measured).toBeLessThan(2);
  });

  it('a run that would not fit is refused with one line naming what it rests on, unless --force-memory (an injected 2 GiB limit)', () => {
    const big = scenarioFile('big', 50_000_000).sc;
    expect(inputErrorOf(() => checkMemory(estimateMemory([big], 7, 0), false, 'big.yaml', twoGiB)).message).toMatch(
      /^big\.yaml: memory: the run needs about 2\d{3} MiB \(one job at a time, the largest of about 50000000 records and 50001 history events \(2\d{3} MiB\), 0 MiB of results\); allowed: at most the 2048 MiB available to drainsim \(within the cgroup's limit of 2048 MiB\): a smaller scenario, fewer runs, strategies or --jobs, or --force-memory to try anyway$/,
    );
    expect(() => checkMemory(estimateMemory([big], 7, 0), true, 'big.yaml', twoGiB)).not.toThrow();
    // Issue 16's target: 50M documents through the seven strategies within 3 GiB.
    expect(() => checkMemory(estimateMemory([big], 7, 0), false, 'big.yaml', limit(3))).not.toThrow();
    expect(() => checkMemory(estimateMemory([scenarioFile('fits', 1_000_000).sc], 7, 0), false, 'fits.yaml', twoGiB)).not.toThrow();
    // Worker threads each hold a job: two fit, eight do not.
    const mid = { ...scenarioFile('mid', 5_000_000).sc, runs: 8 };
    expect(() => checkMemory(estimateMemory([mid], 7, 2), false, undefined, twoGiB)).not.toThrow();
    expect(inputErrorOf(() => checkMemory(estimateMemory([mid], 7, 8), false, undefined, twoGiB)).message).toMatch(/^memory: the run needs about \d+ MiB \(8 worker threads, a job each/);
    // JavaScript objects (the results held for the report) against V8's heap limit; a job's history is typed columns, outside it.
    const many = { ...scenarioFile('many', 1000).sc, runs: 300_000 };
    expect(inputErrorOf(() => checkMemory(estimateMemory([many], 7, 0), false, 'many.yaml', { ...twoGiB, bytes: 64 * GiB })).message).toMatch(/memory: the run needs about \d+ MiB of JavaScript heap .*allowed: at most the heap limit of 2048 MiB \(raise it with NODE_OPTIONS=--max-old-space-size=MiB\)/);
    const events = parseScenario({ name: 'e', source: { documents: 5_000_000 }, exporter: { batchSize: 1, prepareSeconds: 0, validateSeconds: 0, saveStateSeconds: 0, docsPerSecond: 1000 } });
    expect(() => checkMemory(estimateMemory([events], 1, 0), false, 'e.yaml', { ...twoGiB, bytes: 64 * GiB })).not.toThrow();
  });
});

describe('runs inside a memory cgroup of 2 or 4 GiB (needs root and a cgroup file system; skipped otherwise)', () => {
  it.skipIf(!CAN_MAKE_CGROUP)('cgroup: a run that would not fit is refused at once, with one line and exit 2', () => {
    const cg = memoryCgroup(2 * GiB)!;
    try {
      const r = cg.cli('run', scenarioFile('big', 50_000_000).file);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^drainsim: error: .*big\.yaml: memory: the run needs about \d+ MiB .*within the cgroup's limit of 2048 MiB/);
      expect(cg.peak()).toBeLessThan(GiB);
      const suite = cg.cli('suite', scenarioFile('mid', 5_000_000, 'runs: 8\n').file, '--out', join(root, 'never'), '--jobs', '8');
      expect(suite.status).toBe(2);
      expect(suite.stderr).toMatch(/memory: the run needs about \d+ MiB \(8 worker threads/);
    } finally {
      cg.remove();
    }
  });

  it.skipIf(!CAN_MAKE_CGROUP)('cgroup: a run that fits completes inside the limit', () => {
    const cg = memoryCgroup(4 * GiB)!;
    try {
      const r = cg.cli('run', scenarioFile('fits', 1_000_000).file, '--strategy', 'restart,keyset');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^keyset /m);
      expect(cg.peak()).toBeLessThan(4 * GiB);
    } finally {
      cg.remove();
    }
  });
});
