import seedrandom from 'seedrandom';
import { LIMITS } from '../scenario/limits.js';
import type { ChurnParams } from '../scenario/types.js';
import { exponential, normal, type Rng } from '../model/random.js';
import { CHURN_KEYS, Z99 } from './schema.js';
import type { Fleet, Lognormal } from './types.js';

/**
 * The jobs of one fleet run, drawn from the fleet seed: arrival times, sizes, churn, and the
 * single-job seed each job is simulated with. Each kind of draw has its own stream, so that a
 * change of the arrival rate never shifts the sizes' draws of the jobs it keeps, and a change of
 * the median size scales the same draws (the break-even sweep compares like with like).
 */

type FleetStream = 'arrivals' | 'sizes' | 'churn' | 'job-seeds' | 'bootstrap';

/** One named stream of a fleet seed (seedrandom's Alea, like the single-job model's streams); `part` names a sub-stream. */
export function fleetStream(seed: number, name: FleetStream, part = ''): Rng {
  return seedrandom.alea(`drainsim:fleet:${seed}:${name}${part === '' ? '' : `:${part}`}`);
}

/** The usage a break-even point changes (the fleet file's otherwise). */
export interface Usage {
  jobsPerDay: number;
  medianDocuments: number;
}

export function usageOf(fleet: Fleet): Usage {
  return { jobsPerDay: fleet.workload.jobsPerDay, medianDocuments: fleet.workload.documents.median };
}

export interface PlannedJobs {
  count: number;
  /** Seconds from the start of the horizon, increasing. */
  arrival: Float64Array;
  /** Documents, quantised to the size buckets. */
  documents: Int32Array;
  /** Churn bucket: the job's churn draw is `bucket × resolution.churnStep` standard deviations. */
  churnBucket: Int16Array;
}

/** σ of a lognormal from its median and p99. */
const sigmaOf = (d: Lognormal) => (d.p99 > d.median ? Math.log(d.p99 / d.median) / Z99 : 0);

/** Churn draws beyond this many standard deviations are taken at it. */
const CHURN_Z_LIMIT = 4;

/** Arrivals: a Poisson process whose rate in each hour of the day follows byHour. */
function drawArrivals(fleet: Fleet, jobsPerDay: number, rng: Rng): number[] {
  const weights = fleet.workload.byHour;
  const total = weights.reduce((s, w) => s + w, 0);
  const out: number[] = [];
  for (let hourStart = 0; hourStart < fleet.horizon; hourStart += 3600) {
    const perSecond = (jobsPerDay * weights[(hourStart / 3600) % 24]) / total / 3600;
    if (perSecond === 0) continue;
    const end = Math.min(hourStart + 3600, fleet.horizon);
    // The process is memoryless: each hour starts afresh at its own rate.
    for (let t = hourStart + exponential(rng, perSecond); t < end; t += exponential(rng, perSecond)) out.push(t);
  }
  return out;
}

/** The representative size of a size's bucket: buckets are `steps` per doubling (geometric). */
export function sizeBucket(documents: number, steps: number, max: number): number {
  const b = Math.round(steps * Math.log2(Math.max(1, documents)));
  return Math.min(max, Math.max(1, Math.round(2 ** (b / steps))));
}

/** The churn rates of a churn bucket: each rate at the same standard-normal draw of its own lognormal. */
export function churnOfBucket(fleet: Fleet, bucket: number): ChurnParams {
  const z = bucket * fleet.resolution.churnStep;
  const rates = CHURN_KEYS.map((k) => {
    const d = fleet.workload.churn[k];
    return [k, Math.min(LIMITS.churnPerHour, Number((d.median * Math.exp(sigmaOf(d) * z)).toPrecision(6)))];
  });
  return Object.fromEntries(rates) as ChurnParams;
}

export function drawJobs(fleet: Fleet, seed: number, usage: Usage = usageOf(fleet)): PlannedJobs {
  const arrivals = drawArrivals(fleet, usage.jobsPerDay, fleetStream(seed, 'arrivals'));
  const count = arrivals.length;
  const sizes = fleetStream(seed, 'sizes');
  const churn = fleetStream(seed, 'churn');
  const { documents: dist } = fleet.workload;
  const sigma = sigmaOf(dist);
  const { sizeStepsPerOctave, churnStep } = fleet.resolution;
  const maxBucket = Math.floor(CHURN_Z_LIMIT / churnStep);
  const documents = new Int32Array(count);
  const churnBucket = new Int16Array(count);
  for (let j = 0; j < count; j++) {
    const z = normal(1 - sizes(), sizes());
    documents[j] = sizeBucket(Math.min(dist.max, usage.medianDocuments * Math.exp(sigma * z)), sizeStepsPerOctave, dist.max);
    churnBucket[j] = Math.max(-maxBucket, Math.min(maxBucket, Math.round(normal(1 - churn(), churn()) / churnStep)));
  }
  return { count, arrival: Float64Array.from(arrivals), documents, churnBucket };
}

/** The single-job seeds of a fleet seed: job j is simulated with seed number j mod jobSeeds of this list. */
export function jobSeeds(fleet: Fleet, seed: number): number[] {
  const rng = fleetStream(seed, 'job-seeds');
  return Array.from({ length: fleet.resolution.jobSeeds }, () => Math.floor(rng() * LIMITS.seed));
}
