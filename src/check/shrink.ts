import type { Scenario } from '../scenario/types.js';

/** A number of a scenario that can be made smaller, with its least value; times go in tenths of a second. */
interface Knob {
  get(sc: Scenario): number;
  set(sc: Scenario, value: number): void;
  min: number;
  tenths?: boolean;
}

/** x rounded down to a whole number, or to tenths (decimals that YAML writes and reads back exactly). */
function roundDown(x: number, tenths: boolean): number {
  return tenths ? Math.floor(Math.round(x * 1000) / 100) / 10 : Math.floor(x);
}

function knobs(sc: Scenario): Knob[] {
  const list: Knob[] = [
    { get: (s) => s.source.documents, set: (s, v) => (s.source.documents = v), min: 0 },
    { get: (s) => s.exporter.batchSize, set: (s, v) => (s.exporter.batchSize = v), min: 1 },
  ];
  sc.stops.forEach((_, i) => {
    list.push({ get: (s) => s.stops[i].downtime, set: (s, v) => (s.stops[i].downtime = v), min: 1 });
    list.push({ get: (s) => s.stops[i].at, set: (s, v) => (s.stops[i].at = v), min: 0, tenths: true });
  });
  sc.events.forEach((e, i) => {
    list.push({ get: (s) => s.events[i].at, set: (s, v) => (s.events[i].at = v), min: 0, tenths: true });
    const field = (name: 'position' | 'count' | 'to', min: number): Knob => ({
      get: (s) => (s.events[i] as Record<typeof name, number>)[name],
      set: (s, v) => ((s.events[i] as Record<typeof name, number>)[name] = v),
      min,
    });
    if (e.kind !== 'errors') list.push(field('position', 0));
    list.push(field('count', 1));
    if (e.kind === 'move') list.push(field('to', 0));
  });
  return list;
}

/** Smaller scenarios to try, simplest first: without a stop or an event, then each number (times too) lowered. */
function* candidates(sc: Scenario): Generator<Scenario> {
  for (let i = 0; i < sc.stops.length; i++) yield { ...structuredClone(sc), stops: sc.stops.filter((_, j) => j !== i) };
  for (let i = 0; i < sc.events.length; i++) yield { ...structuredClone(sc), events: sc.events.filter((_, j) => j !== i) };
  for (const knob of knobs(sc)) {
    const x = knob.get(sc);
    const down = (v: number) => roundDown(v, knob.tenths === true);
    for (const value of new Set([knob.min, down((x + knob.min) / 2), down(x - 1), down(x - 0.1)])) {
      if (value < knob.min || value >= x) continue;
      const next = structuredClone(sc);
      knob.set(next, value);
      // Times keep their order: stops and events are listed as they happen.
      next.stops.sort((a, b) => a.at - b.at);
      next.events.sort((a, b) => a.at - b.at);
      yield next;
    }
  }
}

/**
 * Shrink a failing scenario further, on the scenario itself. fast-check shrinks the drawn values,
 * but the arbitraries place times relative to the export's length, so a smaller source moves
 * every stop and event and fast-check cannot shrink the source on its own. This greedy pass
 * lowers one number at a time, times held where they are, and takes the first smaller scenario
 * that still fails until none does (or the budget of tries runs out).
 */
export function shrinkScenario(sc: Scenario, fails: (candidate: Scenario) => boolean, budget = 400): { scenario: Scenario; steps: number } {
  let current = sc;
  let steps = 0;
  for (let improved = true; improved && budget > 0; ) {
    improved = false;
    for (const next of candidates(current)) {
      if (budget-- <= 0) break;
      if (fails(next)) {
        current = next;
        steps++;
        improved = true;
        break;
      }
    }
  }
  return { scenario: current, steps };
}
