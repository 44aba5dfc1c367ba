import { InputError } from '../errors.js';
import { LIMITS } from '../scenario/limits.js';
import { parseScenario } from '../scenario/schema.js';
import type { ChurnParams, Scenario, StopRequest } from '../scenario/types.js';
import type { Fleet } from './types.js';

/**
 * One job of the fleet as a scenario of the single-job simulator: the fleet file's `job:` mapping
 * plus the job's documents, churn and drain-stop requests, validated and resolved like any
 * scenario file (the same bounds, the same defaults).
 */

/** Scenario keys the fleet sets itself (or that name and seed a scenario's runs): refused in `job:`. */
export const PER_JOB_KEYS = ['name', 'description', 'seed', 'runs', 'sweep', 'stops', 'churn', 'events'] as const;

/** Every job scenario has this name: it names no output, and equal jobs of any fleet give equal scenarios. */
const JOB_NAME = 'fleet job';

export interface JobSpec {
  documents: number;
  churn: ChurnParams;
  /** Drain-stop requests from the job's start. */
  stops: StopRequest[];
}

function jobDocument(fleet: Fleet, spec: JobSpec): Record<string, unknown> {
  const source = (fleet.job.source ?? {}) as Record<string, unknown>;
  return { ...fleet.job, name: JOB_NAME, source: { ...source, documents: spec.documents }, churn: { ...spec.churn }, stops: spec.stops.map(({ at, downtime }) => ({ at, downtime })) };
}

/** The scenario of one job; an InputError names the fleet file part that made it (see checkJobTemplate). */
export function jobScenario(fleet: Fleet, spec: JobSpec, file?: string): Scenario {
  try {
    return parseScenario(jobDocument(fleet, spec));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const path = e.path ?? '';
    const ours = /^(source\.documents|stops|churn)/.test(path);
    const where = path.startsWith('churn') ? 'workload.churn' : ours ? 'workload.documents.max' : `job.${path}`;
    const problem = ours ? `a job of ${spec.documents} documents meeting ${spec.stops.length} upgrade${spec.stops.length === 1 ? '' : 's'}: ${path}: ${e.problem}` : e.problem;
    throw new InputError({ file, path: where, problem, allowed: e.allowed });
  }
}

/**
 * Checks the `job:` mapping when the file is loaded: no key the fleet sets per job, and the
 * largest job it can draw (workload.documents.max, every churn rate at its p99) meeting one
 * upgrade is a valid scenario.
 */
export function checkJobTemplate(fleet: Fleet, file: string): void {
  const allowed = 'scenario keys other than those the fleet sets per job: name, seed and runs are the fleet\'s, stops come from upgrades, churn from workload.churn, documents from workload.documents';
  for (const key of PER_JOB_KEYS) {
    if (Object.hasOwn(fleet.job, key)) throw new InputError({ file, path: `job.${key}`, problem: 'set by the fleet for each job', allowed });
  }
  const source = fleet.job.source;
  if (source !== null && typeof source === 'object' && Object.hasOwn(source, 'documents')) {
    throw new InputError({ file, path: 'job.source.documents', problem: 'set by the fleet for each job', allowed: 'workload.documents (a distribution of job sizes)' });
  }
  const churn = Object.fromEntries(Object.entries(fleet.workload.churn).map(([k, d]) => [k, Math.min(LIMITS.churnPerHour, d.p99)])) as unknown as ChurnParams;
  jobScenario(fleet, { documents: fleet.workload.documents.max, churn, stops: [{ at: 0, downtime: fleet.upgrades.downtime }] }, file);
}
