import { FAULT_NAMES, type FaultName, type Scenario, type ScriptedEvent, type StopRequest } from '../scenario/types.js';
import { stream } from './random.js';
import { tempTableBuildEnd } from './temp-table.js';

/**
 * The faults of one run (swarm testing, as in FoundationDB's simulator): which named faults are
 * on, drawn from the seed's own 'swarm' stream, and where each lands. Every fault draws its
 * numbers whether it is on or not, so forcing one fault never shifts another's draws; and the
 * draws depend on the seed only, so every strategy of a seed meets the same faults.
 */
export interface RunFaults {
  on: Set<FaultName>;
  /** Stop requests after stopDuringBuild (the first one moved) — strategy-independent. */
  stops: StopRequest[];
  /** Scripted events plus the transientErrors bursts at each stop request. */
  events: ScriptedEvent[];
  /** stalledShare window (empty when off). */
  stall: { from: number; to: number; factor: number };
  /** tempTableDropped: when in the first pause, as a share of the pause. */
  dropShare: number;
  /** secondStop: offset after the first resume. */
  secondStopAfter: number;
}

export function drawFaults(sc: Scenario, seed: number, stops: StopRequest[]): RunFaults {
  const f = sc.faults;
  const rng = stream(seed, 'swarm');
  const on = new Set<FaultName>();
  for (const name of FAULT_NAMES) {
    const u = rng();
    const forced = f.force[name];
    if (forced ?? u < f.swarm[name]) on.add(name);
  }
  const u = { burst: rng(), burstLead: rng(), stall: rng(), drop: rng(), second: rng(), build: rng() };
  const moved = stops.slice().sort((a, b) => a.at - b.at);
  if (on.has('stopDuringBuild') && moved.length > 0) {
    // The TotalCount query and the first temp-table build come before any batch, for every strategy alike.
    const manager = sc.manager.totalCountSeconds;
    const build = tempTableBuildEnd(sc.exporter, 0, sc.source.documents);
    const at = u.build < 0.5 ? manager * 2 * u.build : manager + build * 2 * (u.build - 0.5);
    moved[0] = { ...moved[0], at };
    moved.sort((a, b) => a.at - b.at);
  }
  const events = sc.events.slice();
  if (on.has('transientErrors')) {
    // The burst starts up to a minute before each request, so it meets the step in flight.
    const count = 1 + Math.floor(u.burst * f.errorBurst);
    for (const s of moved) events.push({ at: Math.max(0, s.at - 60 * u.burstLead), kind: 'errors', count });
    events.sort((a, b) => a.at - b.at);
  }
  const first = moved[0]?.at ?? 0;
  const stallFrom = Math.max(0, first - 60 * u.stall);
  return {
    on,
    stops: moved,
    events,
    stall: on.has('stalledShare') ? { from: stallFrom, to: stallFrom + f.stallSeconds, factor: f.stallFactor } : { from: Infinity, to: Infinity, factor: 1 },
    dropShare: u.drop,
    secondStopAfter: u.second * f.secondStopWithinSeconds,
  };
}
