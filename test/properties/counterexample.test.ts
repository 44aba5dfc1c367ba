import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import naiveOffset from '../../examples/strategies/naive-offset.js';
import { scenarioArbitrary } from '../../src/check/arbitraries.js';
import { checkStrategy, replayScenario } from '../../src/check/check.js';
import { scenarioToYaml } from '../../src/check/counterexample.js';
import { simulateSubject } from '../../src/check/subject.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { simulateScenario } from '../../src/simulate.js';
import { strategyById } from '../../src/strategies/registry.js';
import { HARSH } from './holds.js';

describe('counterexample scenario files', () => {
  it('a scenario written as YAML reads back equal (so run replays it exactly)', () => {
    fc.assert(
      fc.property(scenarioArbitrary(HARSH), fc.string({ maxLength: 60 }), (sc, description) => {
        const written = { ...sc, description };
        expect(loadScenarioText(scenarioToYaml(written, ['a comment', '']), 'counterexample.yaml')).toEqual(written);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('keeps every non-default field a scenario can have (kill time, retention, poll, churn 0, swarm)', () => {
    const [sc] = fc.sample(scenarioArbitrary(), { numRuns: 1, seed: 1 });
    sc.job.killAfterSeconds = sc.budget + 30;
    sc.job.drainStopTimeoutSeconds = 120;
    sc.job.pollSeconds = 2;
    sc.faults.swarm.secondStop = 0.25;
    sc.faults.stallSeconds = 90;
    sc.manager.totalCountSeconds = 1;
    expect(loadScenarioText(scenarioToYaml(sc), 'x.yaml')).toEqual(sc);
  });
});

describe('check on a planted bug (examples/strategies/naive-offset.ts)', () => {
  const report = checkStrategy(naiveOffset, { strategyRef: 'examples/strategies/naive-offset.ts' });
  const cx = report.counterexample!;

  it('finds it and shrinks it to a minimal history: one stop, one change ahead of the offset, a handful of documents', () => {
    expect(cx).not.toBeNull();
    expect(cx.violation.property).toBe('exact-s0');
    expect(cx.scenario.stops).toHaveLength(1);
    expect(cx.scenario.events).toHaveLength(1);
    expect(['insert', 'enter', 'delete', 'exit']).toContain(cx.scenario.events[0].kind);
    expect(cx.scenario.source.documents).toBeLessThanOrEqual(3);
    expect(cx.scenario.exporter.batchSize).toBe(1);
    expect(cx.yaml).toContain('# Replay: drainsim check --strategy examples/strategies/naive-offset.ts --property exact-s0 --replay <this file>');
  });

  it('the YAML replays the violation exactly, and run gives the same numbers', () => {
    const loaded = loadScenarioText(cx.yaml, 'counterexample.yaml');
    expect(loaded).toEqual(cx.scenario);
    expect(replayScenario(naiveOffset, loaded)).toEqual(cx.violation);
    expect(simulateScenario(loaded, [naiveOffset])).toEqual([simulateSubject(cx.scenario, naiveOffset).result]);
  });

  it('the same seed finds the same counterexample; the fixed strategy has none', () => {
    expect(checkStrategy(naiveOffset).counterexample!.yaml).toBe(checkStrategy(naiveOffset).counterexample!.yaml);
    expect(checkStrategy(strategyById('temp-table-exact')).counterexample).toBeNull();
  });
});
