import type { Interval } from '../../analysis/bootstrap.js';
import { listOf } from '../../analysis/format.js';
import { nonDefaultParameters } from '../../analysis/parameters.js';
import { mean } from '../../analysis/stats.js';
import { heading, image, list, paragraph, table, type Block, type Inline, type Section } from '../../report/document.js';
import { fmt, plural } from '../../report/format.js';
import { needsText } from '../../report/verdict-text.js';
import { formatDuration } from '../../scenario/duration.js';
import type { Scenario } from '../../scenario/types.js';
import { strategyById } from '../../strategies/registry.js';
import { answer, RESTART, type Answer } from '../answer.js';
import type { BreakEvenResult, Crossing } from '../break-even.js';
import { FIGURES, type FigureId, type StrategySummary } from '../figures.js';
import type { FleetOutcome } from '../run-fleet.js';
import { fleetSeeds, type Fleet } from '../types.js';
import { FLEET_CHART_PREFIX, fleetCharts, upgradeHours, type FleetChart } from './charts.js';

/** What the report is drawn from: the fleet file as given on the command line, its outcome, and the median job's scenario. */
export interface FleetReportInput {
  file: string;
  outcome: FleetOutcome;
  /** A job of the median size and churn: its resolved scenario gives the budget and the job parameters. */
  medianJob: Scenario;
}

// ---------------------------------------------------------------------------------------------
// Words and numbers.

/** "12.3 [9.1–15.8]"; "12.3" without an interval; "-" where the figure is not defined. */
function intervalText(iv: Interval): string {
  if (Number.isNaN(iv.estimate)) return '-';
  if (iv.low === null || iv.high === null) return fmt(iv.estimate);
  const [e, lo, hi] = [fmt(iv.estimate), fmt(iv.low), fmt(iv.high)];
  return lo === hi && hi === e ? e : `${e} [${lo}–${hi}]`;
}

const f = (s: StrategySummary, id: FigureId) => intervalText(s.figures[id]);

/** "day 1 at 02:00". */
function when(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  const rest = Math.round(seconds - day * 86_400);
  return `day ${day} at ${String(Math.floor(rest / 3600)).padStart(2, '0')}:${String(Math.floor((rest % 3600) / 60)).padStart(2, '0')}`;
}

function recordOption(option: string): string {
  return option === 'today' ? "today's behaviour" : option === 'beyond the record' ? 'beyond the design record' : `the record's option ${option}`;
}

function usageText(be: Pick<BreakEvenResult, 'parameter'>, value: number): string {
  return be.parameter === 'jobsPerDay' ? `${fmt(value)} jobs per day` : `a median job of ${fmt(value)} documents`;
}

/** The upgrade schedule in words. */
function upgradesText(fleet: Fleet): string {
  const u = fleet.upgrades;
  const rolling = u.agentsAtOnce < fleet.agents ? `rolling in waves of ${plural(u.agentsAtOnce, 'agent')} ${formatDuration(u.waveInterval)} apart` : 'all agents at once';
  return `an upgrade every ${formatDuration(u.every)} from ${when(u.first)} (${formatDuration(u.downtime)} down, ${rolling})`;
}

/** The fleet in one sentence. */
function fleetText(fleet: Fleet): string {
  const w = fleet.workload;
  return `${fmt(w.jobsPerDay)} export jobs a day (median ${fmt(w.documents.median)} documents, p99 ${fmt(w.documents.p99)}) on ${plural(fleet.agents, 'agent')}, ${upgradesText(fleet)}, over ${formatDuration(fleet.horizon)}`;
}

// ---------------------------------------------------------------------------------------------
// The answer.

function breakEvenSentence(be: BreakEvenResult, fleet: Fleet): string {
  const t = fleet.threshold;
  const what = (metric: 'redone' | 'overBudget') => (metric === 'redone' ? `its redone agent-hours exceed ${fmt(t.redoneHoursPerMonth)} per month` : `its stops over budget exceed ${fmt(t.budgetMissesPerMonth)} per month`);
  const c: Crossing = be.crossing;
  const own = be.parameter === 'jobsPerDay' ? fleet.workload.jobsPerDay : fleet.workload.documents.median;
  const here = `this fleet has ${usageText(be, own)}`;
  const range = `${usageText(be, be.values[0])} to ${usageText(be, be.values[be.values.length - 1])}`;
  if (c.kind === 'never') return `Break-even: ${be.strategy} stays within the threshold over the whole range simulated (${range}); ${here}.`;
  if (c.kind === 'below-range') return `Break-even: ${be.strategy} is over the threshold already at the smallest value simulated (${usageText(be, be.values[0])}): ${what(c.metric)}; ${here}.`;
  return `Break-even: ${be.strategy} stops being good enough at about ${usageText(be, c.at)}, where ${what(c.metric)} (between ${fmt(c.lower)} and ${fmt(c.upper)} simulated; interpolated on the estimates); ${here}.`;
}

function costSentence(s: StrategySummary, budget: number): string {
  return (
    `Per month: ${f(s, 'redoneHoursPerMonth')} agent-hours redone, ${f(s, 'failedJobsPerMonth')} failed jobs, ${f(s, 'duplicatesPerMonth')} duplicate rows and ${f(s, 'missesPerMonth')} missed records, ` +
    `${f(s, 'overBudgetPerMonth')} stops over the ${fmt(budget)} s budget (p99 latency ${f(s, 'latencyP99')} s), ${f(s, 'tempTablesPerMonth')} temp tables held (${f(s, 'tempTableRowDaysPerMonth')} row-days); JobDetails at most ${f(s, 'jobDetailsMaxBytes')} bytes.`
  );
}

/** What the intervals say about how sure the answer is. */
function surenessText(a: Answer, summaries: readonly StrategySummary[], fleet: Fleet): string {
  if (fleet.runs < 2) return 'One fleet run: no interval. Run more (--runs) to see how far the figures move between runs.';
  const notes: string[] = [];
  const restart = summaries.find((s) => s.strategy === RESTART);
  const r = restart?.figures.redoneHoursPerMonth;
  if (r !== undefined && r.low !== null && r.high !== null && r.low <= fleet.threshold.redoneHoursPerMonth && fleet.threshold.redoneHoursPerMonth < r.high) {
    notes.push(`restart's interval of redone agent-hours straddles the threshold, so whether restart is good enough here is not settled by ${plural(fleet.runs, 'run')}: run more (--runs)`);
  }
  const chosen = summaries.find((s) => s.strategy === a.strategy);
  if (chosen !== undefined && a.strategy !== RESTART) {
    const close = summaries.filter((s) => s !== chosen && a.verdicts.find((v) => v.strategy === s.strategy)!.acceptable && overlaps(s.figures.redoneHoursPerMonth, chosen.figures.redoneHoursPerMonth));
    if (close.length > 0) notes.push(`the redone agent-hours of ${listOf(close.map((s) => s.strategy))} overlap ${a.strategy}'s: the fleet cannot tell them apart on that figure, so weigh IAPI changes and the temp tables held`);
  }
  return notes.length === 0 ? 'The intervals do not change the answer.' : `${notes.join('; ')}.`.replace(/^./, (c) => c.toUpperCase());
}

const overlaps = (a: Interval, b: Interval) => a.low !== null && a.high !== null && b.low !== null && b.high !== null && a.low <= b.high && b.low <= a.high;

function answerBlocks(input: FleetReportInput, a: Answer): Block[] {
  const { fleet, summaries } = input.outcome;
  const budget = input.medianJob.budget;
  const seeds = fleetSeeds(fleet);
  const runsText = `${plural(fleet.runs, 'fleet run')} (seed${seeds.length === 1 ? ` ${seeds[0]}` : `s ${seeds[0]} to ${seeds[seeds.length - 1]}`})`;
  const busy = intervalText(summaries[0]?.figures.utilisation ?? { estimate: NaN, low: null, high: null });
  const blocks: Block[] = [paragraph(`${fleetText(fleet)}; the agents are busy ${busy}% of the time without upgrades. ${fleet.description}`.trim())];
  const chosen = summaries.find((s) => s.strategy === a.strategy);
  if (chosen === undefined) {
    blocks.push(paragraph({ strong: 'No strategy is acceptable for this fleet' }, ' by the rule below.'));
  } else {
    const st = strategyById(chosen.strategy);
    const limit = `${fmt(fleet.threshold.redoneHoursPerMonth)} agent-hours a month`;
    const why =
      a.strategy !== RESTART
        ? `the acceptable strategy that redoes the fewest agent-hours${a.restart === null ? '' : ', as restart is not good enough here'}`
        : a.restart?.withinRedone
          ? `good enough at this usage: no job fails, no record is repeated or lost, its stops over budget and its redone agent-hours stay within the threshold (${limit})`
          : `the only acceptable strategy, although its redone agent-hours exceed the threshold (${limit})`;
    blocks.push(paragraph({ strong: `Recommended: ${chosen.strategy}` }, ` (${recordOption(st.option)}; IAPI must change: ${st.needs.length === 0 ? 'nothing' : needsText(st.needs, 'long')}): ${why}. ${costSentence(chosen, budget)}`));
  }
  const restart = summaries.find((s) => s.strategy === RESTART);
  if (restart !== undefined && a.restart !== null && a.strategy !== RESTART) {
    const reasons = [...(a.restart.withinRedone ? [] : [`its ${f(restart, 'redoneHoursPerMonth')} agent-hours redone per month exceed the threshold of ${fmt(fleet.threshold.redoneHoursPerMonth)}`]), ...a.restart.verdict.because];
    blocks.push(paragraph({ strong: 'Restart' }, ` (the record's option 1, no IAPI change) is not good enough here: ${listOf(reasons)}.`));
  }
  if (input.outcome.breakEven !== null) blocks.push(paragraph(breakEvenSentence(input.outcome.breakEven, fleet)));
  blocks.push(paragraph(`How sure: ${runsText} of about ${fmt(mean(input.outcome.runs.map((r) => r.jobs)))} jobs each; each figure is the mean over the runs with its 95% bootstrap interval over the runs in brackets. ${surenessText(a, summaries, fleet)}`));
  blocks.push(
    paragraph('The rule: a strategy is acceptable when no job fails, no completed job writes a duplicate row or misses a record, its stops over budget stay within the threshold and the IAPI capabilities it needs are on. Restart is recommended when it is acceptable and its redone agent-hours stay within the threshold (the record: "if the usage is low we could just stop the job"); otherwise the acceptable strategy that redoes the fewest agent-hours (then the fewest IAPI changes). For weighing IAPI changes and effort as well, run ', { code: 'drainsim decide' }, ' on a suite.'),
  );
  const refused = a.verdicts.filter((v) => !v.acceptable);
  if (refused.length > 0) blocks.push(list(refused.map((v) => [{ strong: v.strategy }, `: not acceptable: ${listOf(v.because)}.`])));
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Sections.

function chartBlocks(charts: readonly FleetChart[], kinds: readonly string[]): Block[] {
  return charts.filter((c) => kinds.some((k) => c.src === `charts/${FLEET_CHART_PREFIX}${k}.png`)).flatMap((c) => [image(c), paragraph(c.alt)]);
}

function figureTable(summaries: readonly StrategySummary[], ids: readonly FigureId[], lead: (s: StrategySummary) => string[] = () => [], leadHeader: string[] = []): Block {
  return table(['strategy', ...leadHeader, ...ids.map((id) => `${FIGURES[id].label} (${FIGURES[id].unit})`)], summaries.map((s) => [s.strategy, ...lead(s), ...ids.map((id) => f(s, id))]));
}

function figuresSection(input: FleetReportInput, a: Answer, charts: readonly FleetChart[]): Section {
  const { summaries } = input.outcome;
  const verdict = (s: StrategySummary) => {
    const v = a.verdicts.find((x) => x.strategy === s.strategy)!;
    return v.acceptable ? 'yes' : 'no';
  };
  return {
    id: 'figures',
    blocks: [
      heading(3, 'Per strategy'),
      paragraph('Means over the fleet runs, 95% bootstrap intervals over the runs in brackets; totals per month (30 days). "Redone" is each hit job\'s rerun time: agent time on work its stop-free run does not do (documents exported again, temp tables built again, reads to resume); a failed job counts with its whole busy time (it delivered nothing), and its records are not counted as misses.'),
      figureTable(summaries, ['redoneHoursPerMonth', 'failedJobsPerMonth', 'affectedJobsPerMonth', 'queueWaitAddedMinutes'], (s) => [strategyById(s.strategy).option, needsText(strategyById(s.strategy).needs, 'short'), verdict(s)], ['design record', 'IAPI needs', 'acceptable']),
      ...chartBlocks(charts, ['redone']),
      heading(4, 'Records that reach customers twice or never'),
      figureTable(summaries, ['duplicatesPerMonth', 'missesPerMonth', 'duplicatesPerJob', 'missesPerJob']),
      ...chartBlocks(charts, ['correctness']),
      heading(4, 'Drain-stops'),
      paragraph(`Every drain-stop that found a job running, all runs pooled; a stop ended by a kill is over budget whatever its latency.`),
      figureTable(summaries, ['latencyP50', 'latencyP99', 'latencyMax', 'overBudgetPerMonth', 'killsPerMonth']),
      ...chartBlocks(charts, ['latency']),
      heading(4, 'Resources held'),
      figureTable(summaries, ['tempTablesPerMonth', 'tempTableRowDaysPerMonth', 'tempTablesLeftPerMonth', 'jobDetailsMaxBytes', 'jobDetailsMeanBytes']),
    ],
  };
}

function upgradesSection(input: FleetReportInput, a: Answer, charts: readonly FleetChart[]): Section {
  const { fleet, runs, summaries, strategies } = input.outcome;
  const shown = a.strategy ?? strategies[0];
  const k = strategies.indexOf(shown);
  const upgrades = runs[0]?.upgrades ?? 0;
  const starts = Array.from({ length: upgrades }, (_, i) => fleet.upgrades.first + i * fleet.upgrades.every);
  const rows = starts.map((start, i) => {
    const hits = runs.map((r) => r.runs[k].metrics.hitsPerUpgrade[i]);
    return [`${i + 1}`, when(start), fmt(mean(hits)), `${fmt(Math.min(...hits))} to ${fmt(Math.max(...hits))}`];
  });
  const s = summaries[k];
  return {
    id: 'upgrades',
    blocks: [
      heading(3, 'Jobs each upgrade hits'),
      paragraph(`Upgrade requests fall at ${listOf(upgradeHours(fleet).map((h) => `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`))}. Under ${shown}: ${f(s, 'hitsPerUpgrade')} jobs hit per upgrade on average, at most ${f(s, 'maxHitsPerUpgrade')} (other strategies differ only where their reruns change the queue).`),
      table(['upgrade', 'first request', 'jobs hit (mean over runs)', 'range over runs'], rows),
      ...chartBlocks(charts, ['load']),
    ],
  };
}

function breakEvenSection(input: FleetReportInput, charts: readonly FleetChart[]): Section | null {
  const be = input.outcome.breakEven;
  if (be === null) return null;
  const t = input.outcome.fleet.threshold;
  const name = be.parameter === 'jobsPerDay' ? 'jobs per day' : 'median documents per job';
  return {
    id: 'break-even',
    blocks: [
      heading(3, `When ${be.strategy} stops being good enough`),
      paragraph(breakEvenSentence(be, input.outcome.fleet)),
      paragraph(`The same fleet with ${be.strategy} alone at each value of ${name} (everything else as in the file; the same seeds), against the threshold: at most ${fmt(t.redoneHoursPerMonth)} agent-hours redone and ${fmt(t.budgetMissesPerMonth)} stops over budget per month.`),
      table(
        [name, 'agent utilisation without upgrades (%)', 'agent-hours redone per month', 'stops over budget per month', 'within the threshold'],
        be.points.map((p) => [fmt(p.value), intervalText(p.utilisation), intervalText(p.redone), intervalText(p.overBudget), p.redone.estimate <= t.redoneHoursPerMonth && p.overBudget.estimate <= t.budgetMissesPerMonth ? 'yes' : 'no']),
      ),
      paragraph('An upgrade hits at most one job per agent, so the redone hours level off as the agents fill up; at a utilisation of 100% or more the agents cannot keep up even without upgrades, and jobs queue without end.'),
      ...chartBlocks(charts, ['break-even-redone', 'break-even-budget']),
    ],
  };
}

/** Keys every job scenario sets from the fleet (not parameters of the template). */
const PER_JOB = /^(source\.documents|churn\.|stops)/;

function fleetSection(input: FleetReportInput): Section {
  const { fleet } = input.outcome;
  const { workload: w, resolution: r } = fleet;
  const churn = Object.entries(w.churn)
    .filter(([, d]) => d.p99 > 0)
    .map(([k, d]) => (d.median === d.p99 ? `${k} ${fmt(d.median)}` : `${k} median ${fmt(d.median)}, p99 ${fmt(d.p99)}`));
  const params = nonDefaultParameters(input.medianJob).filter((p) => !PER_JOB.test(p.path));
  const assumptions = (input.medianJob as Scenario & { assumptions?: Record<string, unknown> }).assumptions;
  return {
    id: 'fleet',
    blocks: [
      heading(3, 'The fleet'),
      paragraph('File ', { code: input.file }, `. drainsim has no usage figures of its own (none are public): every workload figure here is the fleet file's input, and the shipped examples are illustrations.`),
      list([
        [`Workload: ${fmt(w.jobsPerDay)} jobs a day, arriving by hour of the day with the weights ${w.byHour.map(fmt).join(', ')}.`],
        [`Job sizes: lognormal, median ${fmt(w.documents.median)} documents, p99 ${fmt(w.documents.p99)}, at most ${fmt(w.documents.max)}.`],
        [`Churn per job (per hour, lognormal per job): ${churn.length === 0 ? 'none' : churn.join('; ')}.`],
        [`Agents: ${fleet.agents}; jobs queue first come, first served when all are busy.`],
        [`Upgrades: ${upgradesText(fleet)}.`],
        [`Threshold for restart: ${fmt(fleet.threshold.redoneHoursPerMonth)} agent-hours redone and ${fmt(fleet.threshold.budgetMissesPerMonth)} stops over budget per month.`],
      ]),
      paragraph(`Job parameters that differ from the scenario defaults (durations in seconds; documents, churn and stops are set per job):`),
      params.length === 0 ? paragraph('none.') : list(params.map((p) => [{ code: p.path }, ` = ${JSON.stringify(p.value)}`])),
      ...(assumptions === undefined ? [] : [paragraph('Assumptions of the job model:'), list(Object.entries(assumptions).map(([k, v]): Inline[] => [{ code: k }, ` = ${JSON.stringify(v)}`]))]),
      paragraph(
        `Buckets (what the figures are rounded to so that identical jobs are simulated once): job sizes to ${r.sizeStepsPerOctave} steps per doubling (about ±${fmt((2 ** (0.5 / r.sizeStepsPerOctave) - 1) * 100)}%), churn to ${fmt(r.churnStep)} standard deviations, stop offsets to 1/${r.offsetSteps} of the job's stop-free duration, ${plural(r.jobSeeds, 'single-job seed')} per fleet run.`,
      ),
    ],
  };
}

function methodSection(input: FleetReportInput): Section {
  const { simulations } = input.outcome;
  return {
    id: 'method',
    blocks: [
      heading(3, 'How the fleet is simulated'),
      list([
        ['Jobs arrive as a Poisson process whose rate follows the hour-of-day weights; each draws its size and churn. Agents serve them first come, first served.'],
        ["Each job's stop-free duration is the single-job simulator's, for a job of its size bucket with the median churn: unaffected jobs cost nothing more."],
        ["At an upgrade each agent is drain-stopped (all at once or in waves). A job that a request finds running is simulated by the single-job simulator as a scenario of its own: its size, its churn, a stop at the request's time from its start (on the offset grid), the upgrade's downtime as the pause: the same model, strategies and assumptions as run and suite. The job holds its agent until that simulation says it ended; a paused job resumes on its own agent when the agent is back."],
        ['An agent with no job is down from its request for the downtime and takes no new job meanwhile; one whose job ended during the drain-stop goes down then.'],
        [`Single-job simulations: ${fmt(simulations.asked)} asked for, ${fmt(simulations.ran)} run; the rest reused a simulation of identical inputs (same bucketed scenario, seed and strategy).`],
        ['Redone agent-hours: the single-job rerun time of each hit job (agent time on work a stop-free run does not do); a failed job counts with its whole busy time, and is counted as a failure.'],
      ]),
      paragraph('Reproduce: ', { code: `npx tsx src/cli.ts fleet ${input.file} --out <folder>` }, ' writes these files byte for byte (the same seeds give the same results on any machine and any number of cores).'),
      paragraph('Files: ', { link: 'report.html', href: 'report.html' }, ', ', { link: 'results.csv', href: 'results.csv' }, ' (the totals of each fleet run and strategy), ', { link: 'affected-jobs.csv', href: 'affected-jobs.csv' }, ' (every job an upgrade met)', ...(input.outcome.breakEven === null ? [] : [', ', { link: 'break-even.csv', href: 'break-even.csv' }]), ', ', { link: 'fleet.json', href: 'fleet.json' }, ' (the resolved fleet).'),
    ],
  };
}

export const FLEET_TITLE = 'Fleet view';

/** The report's sections in order (answer first), its charts, and the answer. */
export function fleetReport(input: FleetReportInput): { sections: Section[]; charts: FleetChart[]; answer: Answer } {
  const { fleet, summaries, runs, breakEven } = input.outcome;
  const a = answer(summaries, fleet.threshold, input.medianJob.iapi);
  const loadByHour = Array.from({ length: 24 }, (_, h) => mean(runs.map((r) => r.loadByHour[h])));
  const charts = fleetCharts(fleet, input.medianJob.budget, summaries, loadByHour, breakEven);
  const sections = [
    { id: 'answer', blocks: [heading(2, `${FLEET_TITLE}: ${fleet.name}`), ...answerBlocks(input, a)] },
    figuresSection(input, a, charts),
    upgradesSection(input, a, charts),
    breakEvenSection(input, charts),
    fleetSection(input),
    methodSection(input),
  ].filter((s): s is Section => s !== null);
  return { sections, charts, answer: a };
}
