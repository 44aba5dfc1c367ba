import { describe, expect, it } from 'vitest';
import { writeRunsJson } from '../../src/commands/run.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { simulateScenario } from '../../src/simulate.js';
import { STRATEGIES } from '../../src/strategies/registry.js';

const written = (runs: Parameters<typeof writeRunsJson>[0]) => {
  let text = '';
  writeRunsJson(runs, (t) => (text += t));
  return text;
};

describe('run --json', () => {
  it('streams exactly what JSON.stringify writes, run by run', () => {
    const runs = simulateScenario({ ...loadScenarioFile('scenarios/design-record-example.yaml'), runs: 2 }, STRATEGIES);
    expect(written(runs)).toBe(`${JSON.stringify({ runs }, null, 2)}\n`);
    expect(written([])).toBe(`${JSON.stringify({ runs: [] }, null, 2)}\n`);
  });
});
