import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioPaths } from '../../src/scenario/load.js';
import { simulateScenario } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';
import { readManifest } from '../../src/suite/folder.js';
import { runResultSchema, timelineSchema } from '../../src/schemas/run-result.js';

const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);

// The schemas results.jsonl and timelines.jsonl are read with must hold every line drainsim writes.
describe('the schemas of a suite folder', () => {
  it('hold every line of reports/example and its suite.json', () => {
    for (const line of lines('reports/example/results.jsonl')) expect(runResultSchema.parse(line)).toEqual(line);
    for (const line of lines('reports/example/timelines.jsonl')) expect(timelineSchema.parse(line)).toEqual(line);
    expect(readManifest('reports/example', 'x').scenarios.map((s) => s.scenario.name)).toContain('design-record-example');
  });

  it('hold the runs of the small default scenarios (kills, failures, faults, errors), through JSON as results.jsonl stores them', () => {
    const families = new Set<string>();
    for (const { scenario } of loadScenarioPaths(['scenarios'])) {
      if (scenario.source.documents > 60_000 || families.has(scenario.family)) continue;
      families.add(scenario.family);
      scenario.runs = 2;
      for (const r of simulateScenario(scenario, STRATEGIES)) {
        const line = JSON.parse(JSON.stringify(r)) as unknown;
        expect(runResultSchema.safeParse(line).success, `${r.scenario} ${r.strategy}`).toBe(true);
      }
    }
  });

  it('refuse a foreign field, a missing assumption, or an unknown strategy', () => {
    const line = lines('reports/example/results.jsonl')[0] as Record<string, unknown>;
    expect(runResultSchema.parse({ ...line, rerunSeconds: null })).toEqual({ ...line, rerunSeconds: null });
    expect(runResultSchema.safeParse({ ...line, surprise: 1 }).success).toBe(false);
    expect(runResultSchema.safeParse({ ...line, assumptions: { overwrite: 'per-file' } }).success).toBe(false);
    expect(runResultSchema.safeParse({ ...line, strategy: 'mine' }).success).toBe(false);
  });
});
