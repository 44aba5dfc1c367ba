import type { StopOutcome } from '../oracle/result.js';
import type { AgentRequest } from './upgrades.js';

/**
 * The fleet's job queue: jobs are served first come, first served by `agents` agents (RIP's agent
 * queue); each agent is drain-stopped at its upgrade requests. A job that an agent's request finds
 * running is handed to the single-job simulator (`simulate`), which says when it ends, pauses
 * included; every other job runs its stop-free duration and costs nothing more.
 *
 * Choices where the platform is not modelled in detail (docs/fleet-reference.md, "How the fleet is
 * simulated"): a drain-stopped job resumes on its own agent when that agent is back (the queue row is
 * picked up again first); an agent takes no new job from its request until it is back; an agent with
 * no job is down from its request for the upgrade's downtime; an agent whose job ended during the
 * drain-stop (completed or failed) goes down when the job ended.
 */

/** The jobs to serve, by job number in arrival order. */
export interface QueueJobs {
  arrival: Float64Array;
  /** Stop-free duration: how long a job holds an agent when no upgrade meets it. */
  duration: Float64Array;
}

/** What the single-job simulator says about a job that met upgrade requests. */
export interface JobRun {
  /** When the job ended (completed or failed), from its start. */
  endAt: number;
  /** Every drain-stop request of the run (from the job's start), as the simulator settled it. */
  stops: readonly { signalAt: number; outcome: StopOutcome }[];
}

/** Simulates job `job` started at `start` on an agent whose requests `requests` fall in its run. */
export type SimulateJob<T extends JobRun> = (job: number, start: number, requests: readonly AgentRequest[]) => Promise<T>;

/** A job that met upgrade requests. */
export interface Met<T extends JobRun> {
  job: number;
  /** The agent's requests that fell in the job's run. */
  requests: AgentRequest[];
  /** The simulator's outcome. */
  run: T;
}

/** Every job's agent, start and end (by job number); the jobs that met a request, in job order. */
export interface Served<T extends JobRun> {
  agent: Int32Array;
  start: Float64Array;
  end: Float64Array;
  met: Met<T>[];
}

/** Stop outcomes after which the agent's downtime is part of the job's own run (it pauses or is killed, then resumes). */
const DOWN_IN_RUN: ReadonlySet<StopOutcome> = new Set(['paused', 'killed', 'aborted']);

/**
 * Serves every job (in arrival order) and gives, per job, its agent, start, end and the requests
 * it met. Deterministic: a job goes to the agent that can start it first (the lowest-numbered on a
 * tie), and `simulate` is awaited job by job.
 */
export async function serveJobs<T extends JobRun>(jobs: QueueJobs, perAgent: readonly (readonly AgentRequest[])[], downtime: number, simulate: SimulateJob<T>): Promise<Served<T>> {
  const agents = perAgent.length;
  const free = new Float64Array(agents);
  /** Per agent, its first request not yet behind it. */
  const next = new Int32Array(agents);
  const count = jobs.arrival.length;
  const served: Served<T> = { agent: new Int32Array(count), start: new Float64Array(count), end: new Float64Array(count), met: [] };

  /** When agent a can start a job that arrived at t: free, and not down for an upgrade it met idle. */
  const startOn = (a: number, t: number): number => {
    let s = Math.max(t, free[a]);
    const requests = perAgent[a];
    for (let k = next[a]; k < requests.length && requests[k].at <= s; k++) s = Math.max(s, requests[k].at + downtime);
    return s;
  };

  for (let j = 0; j < count; j++) {
    const arrival = jobs.arrival[j];
    const duration = jobs.duration[j];
    let agent = 0;
    let start = startOn(0, arrival);
    for (let a = 1; a < agents; a++) {
      const s = startOn(a, arrival);
      if (s < start) {
        start = s;
        agent = a;
      }
    }
    const requests = perAgent[agent];
    let k = next[agent];
    while (k < requests.length && requests[k].at <= start) k++;
    const inRun = (end: number) => {
      let n = k;
      while (n < requests.length && requests[n].at < end) n++;
      return requests.slice(k, n);
    };
    let met = inRun(start + duration);
    let run: T | null = null;
    let end = start + duration;
    // A job the upgrade meets runs longer (pause, rerun): later requests may fall in its run too.
    while (met.length > 0) {
      run = await simulate(j, start, met);
      end = start + run.endAt;
      const more = inRun(end);
      if (more.length === met.length) break;
      met = more;
    }
    let agentFree = end;
    // A request the job did not pause or die for (it ended first): the agent goes down when the job ended.
    for (const stop of run?.stops ?? []) if (!DOWN_IN_RUN.has(stop.outcome)) agentFree = Math.max(agentFree, start + Math.max(run!.endAt, stop.signalAt) + downtime);
    free[agent] = agentFree;
    next[agent] = k + met.length;
    served.agent[j] = agent;
    served.start[j] = start;
    served.end[j] = end;
    if (run !== null) served.met.push({ job: j, requests: met, run });
  }
  return served;
}
