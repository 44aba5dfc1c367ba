import fc from 'fast-check';
import { describe, it } from 'vitest';
import { propertyById } from '../../src/check/properties.js';
import { runStarts, simulateSubject, type Subject } from '../../src/check/subject.js';
import type { TraceEvent } from '../../src/model/trace.js';
import { defaultScenario } from '../../src/scenario/defaults.js';
import type { Scenario, ScriptedEvent } from '../../src/scenario/types.js';
import { strategyById } from '../../src/strategies/registry.js';
import { lifecycleSetup, type LifecycleSetup } from './holds.js';

/**
 * Model-based test of the RIP job lifecycle (fc.commands): drain-stop requests, transient-error
 * bursts and source changes are added one at a time, each later than everything before it, and
 * the whole job is simulated again after each. The model is the history so far and what the job
 * did with it; the invariants: nothing before a new addition changes (a stop cannot act before it
 * is requested), JobStopManager sees a request at its first 0.5 s poll after it, every
 * RestoreState keeps exactly the rows of the batches its run saved, and the job delivers S0
 * exactly (temp-table-exact; a kill after a pause is trimmed back, assumption trimAfterKill).
 */

interface Model {
  /** When the last thing added happens: the next one comes after it. */
  now: number;
  stops: Scenario['stops'];
  events: ScriptedEvent[];
  last: Subject | null;
}

const strategy = strategyById('temp-table-exact');
const exactS0 = propertyById('exact-s0')!;

function jobOf(setup: LifecycleSetup, m: Model): Subject {
  const sc = defaultScenario();
  sc.name = 'lifecycle';
  sc.source.documents = setup.documents;
  sc.exporter.batchSize = setup.batchSize;
  sc.exporter.docsPerSecond = setup.docsPerSecond;
  sc.stops = m.stops.map((s) => ({ ...s }));
  sc.events = m.events.map((e) => ({ ...e }));
  return simulateSubject(sc, strategy);
}

const before = (events: TraceEvent[], t: number) => JSON.stringify(events.filter((e) => e.t < t));

/** Rows kept by each RestoreState against the rows its run had when it last saved a batch (or began). */
function restoreProblems(s: Subject): string[] {
  const problems: string[] = [];
  const savedRows = new Map<number, number>();
  for (const e of s.job.trace.events) {
    if (e.kind === 'batch-saved') savedRows.set(e.run, e.b);
    if (e.kind === 'truncated' && savedRows.has(e.run) && e.a !== savedRows.get(e.run)) problems.push(`run ${e.run} kept ${e.a} rows after RestoreState, ${savedRows.get(e.run)} at its last saved batch`);
  }
  return problems;
}

/** JobStopManager polls every 0.5 s from the run's start: a stop is seen at the first tick at or after its request. */
function pollProblems(s: Subject): string[] {
  const poll = s.scenario.job.pollSeconds;
  const starts = runStarts(s.job);
  return s.job.stops.flatMap((stop, i) => {
    if (stop.detectedAt === null) return [];
    const runStart = starts.filter((t) => t <= stop.signalAt).at(-1) ?? 0;
    const ticks = (stop.detectedAt - runStart) / poll;
    const ok = stop.detectedAt >= stop.signalAt - 1e-9 && stop.detectedAt - stop.signalAt < poll + 1e-6 && Math.abs(ticks - Math.round(ticks)) < 1e-6;
    return ok ? [] : [`stop ${i + 1} requested at ${stop.signalAt} s was seen at ${stop.detectedAt} s, not at the first 0.5 s poll after it (run started at ${runStart} s)`];
  });
}

/** Add something at `now + gap` and check the job against the model. */
abstract class Addition implements fc.Command<Model, LifecycleSetup> {
  constructor(readonly gap: number) {}
  check(): boolean {
    return true;
  }
  abstract add(m: Model, at: number): void;
  run(m: Model, setup: LifecycleSetup): void {
    const at = Math.round((m.now + this.gap) * 10) / 10;
    this.add(m, at);
    const s = jobOf(setup, m);
    const problems = restoreProblems(s);
    if (m.last !== null && before(m.last.job.trace.events, at) !== before(s.job.trace.events, at)) problems.push(`the job before ${at} s changed when ${this.toString()} was added`);
    problems.push(...pollProblems(s));
    if (s.result.failed === null) {
      const broken = exactS0.violation(s);
      if (broken !== null) problems.push(broken);
    }
    if (problems.length > 0) throw new Error(`${this.toString()} at ${at} s: ${problems.join('; ')}`);
    m.last = s;
    m.now = at;
  }
}

class AddStop extends Addition {
  constructor(gap: number, readonly downtime: number) {
    super(gap);
  }
  add(m: Model, at: number): void {
    m.stops.push({ at, downtime: this.downtime });
  }
  override toString(): string {
    return `Stop(+${this.gap} s, down ${this.downtime} s)`;
  }
}

class AddEvent extends Addition {
  constructor(gap: number, readonly event: Omit<ScriptedEvent, 'at'>) {
    super(gap);
  }
  add(m: Model, at: number): void {
    m.events.push({ ...this.event, at } as ScriptedEvent);
  }
  override toString(): string {
    return `Event(+${this.gap} s, ${JSON.stringify(this.event)})`;
  }
}

const gap = fc.integer({ min: 0, max: 300 }).map((x) => x / 10);
const range = { position: fc.integer({ min: 0, max: 60 }), count: fc.integer({ min: 1, max: 5 }) };
const commands = [
  fc.tuple(gap, fc.integer({ min: 1, max: 120 })).map(([g, d]) => new AddStop(g, d)),
  fc.tuple(gap, fc.integer({ min: 1, max: 25 })).map(([g, count]) => new AddEvent(g, { kind: 'errors', count })),
  fc.tuple(gap, fc.constantFrom('insert', 'enter', 'delete', 'exit', 'edit'), fc.record(range)).map(([g, kind, r]) => new AddEvent(g, { kind, ...r } as Omit<ScriptedEvent, 'at'>)),
];

describe('RIP job lifecycle against the history added so far (fc.commands)', () => {
  it('a later addition never changes the past; stops are seen at the next poll; RestoreState keeps the saved batches; S0 exact', () => {
    fc.assert(
      fc.property(lifecycleSetup, fc.commands(commands, { maxCommands: 10 }), (s, cmds) => {
        fc.modelRun(() => ({ model: { now: 0, stops: [], events: [], last: null }, real: s }), cmds);
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});
