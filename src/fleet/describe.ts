import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../io/atomic.js';
import { DURATION_ALLOWED, formatDuration } from '../scenario/duration.js';
import { keyRows, table } from '../scenario/describe.js';
import { LIMITS } from '../scenario/limits.js';
import { BOOTSTRAP_DRAWS, FIGURES } from './figures.js';
import { PER_JOB_KEYS } from './job-scenario.js';
import { CHURN_KEYS, FLEET_DEFAULTS, FLEET_LIMITS, fleetFileSchema } from './schema.js';

/**
 * docs/fleet-reference.md, rendered from the fleet schema (every key and what it allows), the
 * defaults and bounds (schema.ts), what each key means (KEYS below), and the report's figures
 * (figures.ts): `npm run docs:fleet` writes it, and a test checks that the committed file is what this
 * renders.
 */

const d = FLEET_DEFAULTS;
const duration = (seconds: number) => `\`${formatDuration(seconds)}\``;

/** Each key by YAML path: what it means, and its default (`required` when it has none). */
export const FLEET_KEYS: Readonly<Record<string, readonly [meaning: string, fallback: string]>> = {
  kind: ['Marks a fleet file: `fleet`. A scenario file has no `kind` and runs with `run` or `suite`.', 'required'],
  name: ['Names the fleet in the report.', 'required'],
  description: ['What the fleet stands for (free text; shown under the answer).', 'empty'],
  seed: ['First fleet seed: fleet runs use seeds seed .. seed+runs-1. One seed reproduces a fleet run byte for byte.', '`1`'],
  runs: ['Fleet runs (seeds): every figure is their mean, with a 95% bootstrap interval over them.', `\`${d.runs}\``],
  horizon: ['Simulated period, from midnight of day 0 (at most 366 days).', duration(d.horizon)],
  'workload.jobsPerDay': ['Export jobs that arrive per day on average.', 'required'],
  'workload.byHour': ['Relative arrival rate in each hour of the day, 00:00 first: arrivals are a Poisson process whose rate follows these weights.', 'every hour `1`'],
  'workload.documents.median': ['Median documents of a job (lognormal sizes).', 'required'],
  'workload.documents.p99': ['99th percentile of the documents of a job; equal to the median, every job has that size.', 'required'],
  'workload.documents.max': ['Largest job: larger draws are taken at it.', `${d.maxOverP99} × p99, at most ${LIMITS.documents}`],
  'workload.churn': ['Changes to a job\'s data source while it runs, per hour, drawn per job (see below).', 'every rate `0`'],
  ...Object.fromEntries(CHURN_KEYS.map((k) => [`workload.churn.${k}`, [`The job scenario's \`churn.${k}\`: a fixed rate, or \`{ median, p99 }\` of a lognormal drawn per job.`, '`0`'] as const])),
  agents: ['Agents that run export jobs at once; further jobs queue, first come, first served.', 'required'],
  'upgrades.first': ["The first upgrade's drain-stop request, from the start of the horizon (its time of day is the upgrades' time of day when `every` is whole days).", `${duration(d.first)} (day 1 at 02:00)`],
  'upgrades.every': ['Time between upgrades.', duration(d.every)],
  'upgrades.downtime': ["How long an agent is down for the upgrade: the pause of the job it drain-stopped (the job scenario's `stops[].downtime`), or, with no job, from its request.", duration(d.downtime)],
  'upgrades.rolling.agentsAtOnce': ['A rolling upgrade: agents drain-stopped together (agent a is in wave floor(a / agentsAtOnce)).', 'all agents at once'],
  'upgrades.rolling.interval': ['Time between the requests of consecutive waves.', 'required with `rolling`'],
  job: [`The scenario every job shares: \`exporter\`, \`files\`, \`iapi\`, \`job\`, \`manager\`, \`budget\`, \`faults\`, \`source.kind\`, ... as in a scenario file; ${PER_JOB_KEYS.map((k) => `\`${k}\``).join(', ')} and \`source.documents\` are the fleet's to set.`, 'the scenario defaults'],
  'threshold.redoneHoursPerMonth': ['Restart (the record\'s option 1) is good enough while it redoes at most this many agent-hours per 30 days.', `\`${d.redoneHoursPerMonth}\` (one agent-day)`],
  'threshold.budgetMissesPerMonth': ['... and while at most this many drain-stops per 30 days miss the budget (kills included). Also the tolerance of every strategy\'s acceptability.', `\`${d.budgetMissesPerMonth}\``],
  'breakEven.strategy': ['The strategy swept for the break-even.', `\`${d.breakEvenStrategy}\``],
  'breakEven.parameter': ['The usage swept: jobs per day, or the median job size (the same draws scaled).', '`jobsPerDay`'],
  'breakEven.values': ['The values of the usage, increasing: each is a fleet run of the swept strategy on every seed.', 'required with `breakEven`'],
  'resolution.sizeStepsPerOctave': ['Size buckets per doubling of the documents: jobs of one bucket are the same job.', `\`${d.sizeStepsPerOctave}\``],
  'resolution.churnStep': ["Width of a churn bucket, in standard deviations of the job's churn draw.", `\`${d.churnStep}\``],
  'resolution.offsetSteps': ["Stop offsets are rounded to this many steps of the job's stop-free duration.", `\`${d.offsetSteps}\``],
  'resolution.jobSeeds': ['Single-job seeds per fleet run: job j is simulated with the (j mod jobSeeds)-th.', `\`${d.jobSeeds}\``],
};

function keysSection(): string {
  const rows = keyRows(fleetFileSchema, '');
  return table(
    ['key', 'meaning', 'allowed', 'default'],
    rows.map((r) => {
      const doc = FLEET_KEYS[r.path];
      if (doc === undefined) throw new Error(`no meaning for fleet key ${r.path} in FLEET_KEYS`);
      const allowed = r.allowed === DURATION_ALLOWED ? 'a duration (as in scenario files: `90s`, `5m`, `1h30m`, `2d`, ...)' : r.allowed;
      return [`\`${r.path}\``, doc[0], allowed, doc[1]];
    }),
  );
}

function figuresSection(): string {
  return table(
    ['figure', 'unit'],
    Object.values(FIGURES).map((f) => [f.label, f.unit]),
  );
}

export function renderFleetReference(): string {
  const L = FLEET_LIMITS;
  return `# Fleet file reference

<!-- Generated by \`npm run docs:fleet\` (src/fleet/describe.ts) from the fleet schema, its defaults and
bounds. Do not edit: a test checks that this file is what they render. -->

A fleet file describes a whole deployment: its export jobs (how many a day, when, how large, how
much their data changes), the agents that run them, the upgrades that drain-stop the agents, and a
horizon. \`drainsim fleet <file> --out <dir>\` simulates it under every strategy and answers: which
strategy, at what cost per month, and at what usage restarting (the design record's option 1)
stops being good enough.

It is one YAML 1.2 document of UTF-8 text with \`kind: fleet\`, read with the same limits as a
scenario file; unknown keys are refused, and every bad value ends the command with exit code 2
and one line naming the file, the field path and what is allowed, e.g.

\`\`\`
drainsim: error: scenarios/fleet/x.yaml: workload.documents.p99: 10 is below the median 100; allowed: p99 at least the median (equal: every job has that size)
\`\`\`

\`\`\`yaml
kind: fleet
name: medium deployment
runs: 5
horizon: 30d
workload:
  jobsPerDay: 300
  byHour: [1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 8, 10, 10, 10, 8, 6, 4, 3, 2, 2, 1, 1]
  documents: { median: 10000, p99: 300000 }
  churn:
    insertsPerHour: { median: 50, p99: 2000 }
    deletesPerHour: 5
agents: 8
upgrades: { first: 2d7h, every: 7d, downtime: 20m, rolling: { agentsAtOnce: 2, interval: 40m } }
job:
  exporter: { docsPerSecond: 50 }
threshold: { redoneHoursPerMonth: 24, budgetMissesPerMonth: 0 }
breakEven: { parameter: jobsPerDay, values: [100, 200, 300, 500, 800] }
\`\`\`

No public usage figures exist for Export to LoadFile jobs: the fleets in \`scenarios/fleet/\` are
illustrations, and a report's workload figures are its file's inputs.

## Keys

${keysSection()}

**Distributions.** A lognormal is stated by its median and 99th percentile: σ = ln(p99 / median) /
2.326. Each job draws its size and, separately, one standard-normal value z for its churn: every
churn rate of the job is median × exp(σ × z) of its own distribution (a busy source is busy in every
kind of change), at most ${LIMITS.churnPerHour} per hour.

## How the fleet is simulated

- **Jobs.** Arrivals are a Poisson process whose rate follows \`workload.byHour\`; each job draws its
  size and churn from the fleet seed (separate streams: changing the arrival rate keeps the size
  draws of the jobs it keeps, and the break-even over the median size scales the same draws).
- **Queue.** \`agents\` agents serve the jobs first come, first served (a job goes to the agent that
  can start it first). A job holds its agent for its stop-free duration: the single-job
  simulator's, for a job of its size bucket with the median churn (one simulation per bucket, shared
  by every fleet run): jobs no upgrade meets cost nothing more.
- **Upgrades.** From \`upgrades.first\`, every \`upgrades.every\` within the horizon, each agent gets a
  drain-stop request (all at once, or wave by wave). A job a request finds running is simulated by
  the single-job simulator (the same model, strategies and assumptions as \`run\` and \`suite\`) as a
  scenario of its own: the \`job\` mapping, its documents and churn, a stop at each request's time
  from the job's start, the upgrade's downtime as the pause. It holds its agent until that simulation
  says it ended (paused, resumed, rerun, or failed); a job that runs into a later request gets that
  stop too.
- **Platform choices** (not modelled in detail): a drain-stopped job resumes on its own agent when
  that agent is back (its queue row is picked up again first); an agent takes no new job from its
  request until it is back; an agent with no job is down from its request for the downtime; one whose
  job ended during the drain-stop (completed or failed) goes down then.
- **Buckets and reuse.** Job sizes are rounded to \`resolution.sizeStepsPerOctave\` buckets per
  doubling (the bucket's geometric centre), churn draws to \`resolution.churnStep\` standard deviations,
  stop offsets to 1/\`resolution.offsetSteps\` of the job's stop-free duration, and jobs take the
  \`resolution.jobSeeds\` single-job seeds of their fleet run in turn. Jobs whose bucketed scenario,
  seed and strategy are equal share one simulation; the report says how many were asked for and how
  many ran. Simulations run on worker threads (\`--jobs\`, default the machine's cores; \`--jobs 0\`
  runs them in the command's own thread); the results never depend on it.
- **Failures.** A failed job counts as a failure: its whole busy time counts as redone (it delivered
  nothing), and its records are not counted as misses.

## The report

\`report.md\` opens with the answer: the recommended strategy by this rule, with its cost per month
and the break-even sentence:

1. A strategy is *acceptable* when no job fails, no completed job writes a duplicate row or misses a
   record, its stops over budget stay within \`threshold.budgetMissesPerMonth\`, and the IAPI
   capabilities it needs are on in \`job.iapi\`.
2. Restart is recommended when it is acceptable and its redone agent-hours stay within
   \`threshold.redoneHoursPerMonth\`.
3. Otherwise the acceptable strategy with the fewest redone agent-hours (then the fewest IAPI
   changes, then the registry's order); restart only when no other is acceptable.

**Break-even**: the swept strategy at each \`breakEven.values\` (every seed), and the usage at which
its redone agent-hours or its stops over budget (means over the seeds) first exceed the threshold,
interpolated linearly between the two values around it.

Each figure is the mean over the fleet runs with its 95% percentile bootstrap interval over the
runs (${BOOTSTRAP_DRAWS} resamples; none with one run). Totals are per month (30 days):

${figuresSection()}

Files in \`--out\`: \`report.md\`, \`report.html\` (one self-contained page), \`results.csv\` (the totals of
each fleet run and strategy), \`affected-jobs.csv\` (every job an upgrade met: where and when it ran,
its stops, what it cost), \`break-even.csv\` (each swept value and seed), \`fleet.json\` (the resolved
fleet), \`charts/fleet-*.png\`. Each is written whole or not at all; a folder that is not empty is
refused without \`--force\`, which removes only these files. The same fleet file and seeds give the
same bytes.

## Limits

${table(
  ['limit', 'value'],
  [
    ['runs', `${L.runs}`],
    ['jobs per day', `${L.jobsPerDay}`],
    ['agents', `${L.agents}`],
    ['horizon', `366 days`],
    ['jobs of a fleet run (jobs per day × days, at each break-even value too)', `${L.jobs}`],
    ['upgrades in the horizon', `${L.upgrades}`],
    ['break-even values', `${L.breakEvenValues}`],
    ['each job', 'the bounds of a scenario (docs/scenario-reference.md): the largest job, meeting one upgrade, is checked when the file is loaded'],
  ],
)}
`;
}

// `npm run docs:fleet`: write the reference to the given path.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2] ?? 'docs/fleet-reference.md';
  writeFileAtomic(out, renderFleetReference());
  process.stdout.write(`wrote ${out}\n`);
}
