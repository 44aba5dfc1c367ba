import fc from 'fast-check';
import type { Scenario } from '../scenario/types.js';
import { STRATEGIES } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import { scenarioArbitrary, type ScenarioSpace } from './arbitraries.js';
import { scenarioToYaml } from './counterexample.js';
import { DEFAULT_PROPERTY, propertyById, type Property } from './properties.js';
import { shrinkScenario } from './shrink.js';
import { plural, scenarioSize, simulateSubject } from './subject.js';

/** The properties every strategy is held to, before the chosen one. */
export const ALWAYS_CHECKED = ['oracle-sums', 'determinism'] as const;

export interface CheckOptions {
  /** The correctness property checked after ALWAYS_CHECKED (default exact-s0). */
  property?: string;
  /** Scenarios to try (default 300). */
  runs?: number;
  /** fast-check's seed: the same seed tries the same scenarios (default 1). */
  seed?: number;
  space?: Partial<ScenarioSpace>;
  /** How the replay line of the counterexample names the strategy (default its id). */
  strategyRef?: string;
}

export interface Violation {
  property: string;
  text: string;
}

export interface CheckReport {
  strategy: string;
  properties: string[];
  runs: number;
  seed: number;
  /** Null when every property held on every scenario tried. */
  counterexample: {
    /** The shrunk scenario and what it violates. */
    scenario: Scenario;
    violation: Violation;
    /** Scenarios tried before the first failure, and shrink steps after it. */
    tried: number;
    shrinks: number;
    /** The scenario file that `run` (registry strategies) and `check --replay` replay exactly. */
    yaml: string;
  } | null;
}

function propertiesFor(id: string): Property[] {
  return [...new Set([...ALWAYS_CHECKED, id])].map((p) => {
    const found = propertyById(p);
    if (found === undefined) throw new Error(`unknown property '${p}'`);
    return found;
  });
}

/**
 * The first property the strategy violates on this scenario (its own seed), or null. A
 * strategy or simulator that throws is a violation too, with the error's message.
 */
function firstViolation(strategy: Strategy, scenario: Scenario, properties: readonly Property[]): Violation | null {
  try {
    const subject = simulateSubject(scenario, strategy);
    for (const p of properties) {
      const text = p.violation(subject);
      if (text !== null) return { property: p.id, text };
    }
    return null;
  } catch (e) {
    return { property: 'no-exception', text: `the simulation threw: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** Replay one scenario: the violation of the always-checked properties and `property`, or null. */
export function replayScenario(strategy: Strategy, scenario: Scenario, property: string = DEFAULT_PROPERTY): Violation | null {
  return firstViolation(strategy, scenario, propertiesFor(property));
}

/**
 * Property-test a strategy: fast-check draws small scenarios with scripted histories, runs the
 * strategy on each and holds it to the properties; the first failing scenario is shrunk to a
 * minimal one and returned with its YAML.
 */
export function checkStrategy(strategy: Strategy, options: CheckOptions = {}): CheckReport {
  const property = options.property ?? DEFAULT_PROPERTY;
  const properties = propertiesFor(property);
  const runs = options.runs ?? 300;
  const seed = options.seed ?? 1;
  const details = fc.check(
    fc.property(scenarioArbitrary(options.space), (sc) => firstViolation(strategy, sc, properties) === null),
    { numRuns: runs, seed },
  );
  const report: CheckReport = { strategy: strategy.id, properties: properties.map((p) => p.id), runs, seed, counterexample: null };
  if (!details.failed || details.counterexample === null) return report;
  const [drawn] = details.counterexample;
  const first = firstViolation(strategy, drawn, properties)!;
  const shrunk = shrinkScenario(drawn, (sc) => firstViolation(strategy, sc, properties)?.property === first.property);
  const violation = firstViolation(strategy, shrunk.scenario, properties)!;
  const scenario: Scenario = { ...shrunk.scenario, description: `Counterexample: strategy '${strategy.id}' violates ${violation.property}.` };
  const shrinks = details.numShrinks + shrunk.steps;
  const comments = [
    `drainsim check: strategy '${strategy.id}' violates ${violation.property}:`,
    `  ${violation.text}`,
    `(${violation.property}: ${propertyById(violation.property)?.statement ?? 'the strategy and the simulation run without an exception.'})`,
    `Found after ${plural(details.numRuns, 'scenario')} (fast-check seed ${seed}), shrunk in ${plural(shrinks, 'step')} to`,
    `${scenarioSize(scenario)}.`,
    `Replay: drainsim check --strategy ${options.strategyRef ?? strategy.id} --property ${property} --replay <this file>`,
    ...(STRATEGIES.includes(strategy) ? [`    or: drainsim run <this file> --strategy ${strategy.id}`] : []),
  ];
  return { ...report, counterexample: { scenario, violation, tried: details.numRuns, shrinks, yaml: scenarioToYaml(scenario, comments) } };
}
