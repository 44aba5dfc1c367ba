import { InputError } from '../errors.js';
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

/**
 * A bad input met in one job's scenario (when it is built, or as the job ran), named by the fleet
 * file part that made it: the job's documents, churn and stops come from workload and upgrades,
 * everything else from `job:`. `context` says which job when the job itself does not.
 */
export function jobInputError(e: InputError, spec: JobSpec, file?: string, context = ''): InputError {
  const path = e.path ?? '';
  const ours = /^(source\.documents|stops|churn)/.test(path);
  const where = path.startsWith('churn') ? 'workload.churn' : ours ? 'workload.documents.max' : `job.${path}`;
  const job = `a job of ${spec.documents} documents meeting ${spec.stops.length} upgrade${spec.stops.length === 1 ? '' : 's'}`;
  const problem = ours ? `${job}: ${path}: ${e.problem}` : `${e.problem}${context === '' ? '' : ` (${context})`}`;
  return new InputError({ file, path: where, problem, allowed: e.allowed });
}

/** The scenario of one job (validated and resolved like a scenario file). */
export function jobScenario(fleet: Fleet, spec: JobSpec, file?: string, context = ''): Scenario {
  try {
    return parseScenario(jobDocument(fleet, spec));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw jobInputError(e, spec, file, context);
  }
}

/**
 * Checks the `job:` mapping when the file is loaded: no key the fleet sets per job, its keys valid,
 * and the largest job the fleet can draw (workload.documents.max) meeting one upgrade within a
 * scenario's combined bounds. (Churn counts only as a job runs: the simulator checks it then.)
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
  const churn = Object.fromEntries(Object.keys(fleet.workload.churn).map((k) => [k, 0])) as unknown as ChurnParams;
  // The keys themselves first (their own messages), then the combined bounds at the largest job.
  jobScenario(fleet, { documents: 1, churn, stops: [] }, file);
  const max = fleet.workload.documents.max;
  jobScenario(fleet, { documents: max, churn, stops: [{ at: 0, downtime: fleet.upgrades.downtime }] }, file, `in the largest job the fleet can draw: workload.documents.max ${max} documents, meeting one upgrade`);
}
