import { join } from 'node:path';
import { assumptionsUsed } from '../analysis/assumptions-used.js';
import { orderStrategies } from '../analysis/matrix.js';
import { bottomLineSections } from './bottom-line.js';
import { writeFileAtomic } from '../io/atomic.js';
import { DECISION_CHART, DECISION_FILE } from './decision-report.js';
import { strategyById } from '../strategies/registry.js';
import { sweepCharts } from './charts.js';
import { resultsCsv } from './csv.js';
import { demoted, heading, image, list, paragraph, table, type Block, type Section } from './document.js';
import { fmt as formatNumber, plural } from './format.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { writeCharts } from './outputs.js';
import { scenarioSection, seedsText } from './scenario-section.js';
import { seedsOf } from '../scenario/types.js';
import { scenarioStats } from './scenario-stats.js';
import { anomaliesSection } from './anomalies.js';
import { assumptionsBlocks } from './assumptions-section.js';
import { GLOSSARY } from '../oracle/glossary.js';
import type { ReportContext, SuiteReportInput } from './context.js';
import { summaryBlocks } from './summary.js';
import { needsText } from './verdict-text.js';

const TITLE = 'Drain-stop of RIP Export to LoadFile: simulation results';

function title(): Section {
  return { id: 'title', blocks: [heading(2, TITLE)] };
}

/** The bottom line and the table of all strategies, as decision.md opens too. */
function bottom(ctx: ReportContext): Section[] {
  if (ctx.decision === undefined) return bottomLineSections(null, 3, 'this report was written without a decision (run `drainsim decide` on its folder)');
  return bottomLineSections(ctx.decision.bottomLine, 3);
}

function contents(): Section {
  return { id: 'contents', htmlOnly: true, blocks: [{ kind: 'contents', depth: 4 }] };
}

function intro(ctx: ReportContext): Section {
  return {
    id: 'intro',
    blocks: [
      heading(3, 'About these runs'),
      paragraph(
        `drainsim simulated ${plural(ctx.scenarios.length, 'scenario')} with ${plural(ctx.strategies.length, 'strategy', 'strategies')} on every seed of each: ${plural(ctx.results.length, 'run')} in all. ` +
          'Every figure below comes from the model and rests on the scenario it is shown with: its question, seeds and the parameters that differ from the defaults are listed there; all other parameters are the defaults of the model (src/scenario/defaults.ts).',
      ),
      paragraph(
        'Files: ',
        { link: 'report.html', href: 'report.html' },
        ' (this report on one page, with its charts, the whole decision analysis and a weights explorer), ',
        { link: 'results.csv', href: 'results.csv' },
        ' (one row per run), ',
        { link: 'results.jsonl', href: 'results.jsonl' },
        ' (every run in full, the fields of run --json)',
        ...(ctx.decision?.bottomLine ? [', and the decision drawn from these runs: ', { link: DECISION_FILE, href: DECISION_FILE }] : []),
        '.',
      ),
    ],
  };
}

/** report.html only: decision.md's analysis below the bottom line, with the weights explorer before the ranking. */
function decisionAnalysis(ctx: ReportContext): Section[] {
  if (ctx.decision === undefined || ctx.decision.sections.length === 0) return [];
  const own = demoted(ctx.decision.sections.filter((s) => !['title', 'bottom-line', 'all-strategies'].includes(s.id)), 2);
  const explorer: Section[] =
    ctx.decision.explorer === null
      ? []
      : [{ id: 'explorer', htmlOnly: true, blocks: [heading(4, 'Explore the weights'), ctx.decision.explorer] }];
  const at = own.findIndex((s) => s.id === 'ranking');
  const withExplorer = at < 0 ? [...own, ...explorer] : [...own.slice(0, at), ...explorer, ...own.slice(at)];
  return [
    { id: 'decision-analysis', htmlOnly: true, blocks: [heading(3, 'Decision analysis'), paragraph('The analysis behind the bottom line, as in ', { link: DECISION_FILE, href: DECISION_FILE }, ':')] },
    ...withExplorer.map((s) => ({ ...s, htmlOnly: true as const })),
  ];
}

function summary(ctx: ReportContext): Section {
  return { id: 'summary', blocks: [heading(3, 'Summary'), ...summaryBlocks(ctx.scenarios.map((s) => s.scenario), ctx.stats)] };
}

/** The assumptions the runs rest on: each open behaviour, the value the runs used, its alternatives and origin. */
function assumptions(ctx: ReportContext): Section {
  return { id: 'assumptions', blocks: assumptionsBlocks(ctx.scenarios.map((s) => s.scenario)) };
}

function scenarios(ctx: ReportContext): Section {
  const index = table(
    ['scenario', 'question', 'seeds'],
    ctx.scenarios.map(({ scenario: sc }) => [sc.name, sc.description, seedsText(seedsOf(sc))]),
  );
  const blocks = ctx.scenarios.flatMap((loaded, i) =>
    scenarioSection(i, loaded, ctx.stats[i], ctx.timelines.filter((t) => t.scenario === loaded.scenario.name), { ruledOut: new Set(ctx.decision?.ruledOut ?? []) }),
  );
  return { id: 'scenarios', blocks: [heading(3, 'Scenarios'), index, ...blocks] };
}

function sweeps(ctx: ReportContext): Section | null {
  const families = [...new Set(ctx.scenarios.filter((s) => s.scenario.sweep.length > 0).map((s) => s.scenario.family))];
  if (families.length === 0) return null;
  const blocks = families.flatMap((family, i): Block[] => {
    const variants = ctx.scenarios.map((s) => s.scenario).filter((s) => s.family === family && s.sweep.length > 0);
    const runs = ctx.results.filter((r) => variants.some((v) => v.name === r.scenario));
    return [
      heading(4, family),
      paragraph(`${plural(variants.length, 'variant')} of one scenario file, each with its own section above: ${variants.map((v) => v.sweep.map((p) => `${p.parameter} = ${p.value}`).join(', ')).join('; ')}.`),
      ...sweepCharts(i, family, variants, runs, ctx.strategies).map(image),
    ];
  });
  return { id: 'sweeps', blocks: [heading(3, 'Sweeps'), ...blocks] };
}

function method(ctx: ReportContext): Section {
  return {
    id: 'method',
    blocks: [
      heading(3, 'How to read these figures'),
      list([
        ['Mean, p95 and max are over the seeds of a scenario; p95 and p99 are nearest-rank percentiles (always a value some run or stop really had). A cell shows one value when the three agree.'],
        ['Within budget at p99: the 99th percentile of the latencies of all stops (every seed) that found the job running, from the drain-stop request to the paused state persisted (or to completion or failure). A stop ended by the platform killing the agent counts as over budget whatever its latency: a kill is not a drain-stop (no RestoreState, no JobDetails).'],
        ['The summary counts for each strategy only the scenarios in which it can run: a scenario that turns off an IAPI capability the strategy needs makes it fail by construction, which its scenario table shows.'],
      ]),
      table(
        ['strategy', 'design record', 'how it pauses and resumes', 'IAPI needs', 'RIP reads'],
        ctx.strategies.map((id) => {
          const s = strategyById(id);
          return [id, s.option, s.summary, needsText(s.needs, 'long'), s.reads.length === 0 ? 'nothing beyond DocumentsExported and its JobDetails' : s.reads.join(', ')];
        }),
      ),
      paragraph('Glossary: every figure of the runs (results.csv and results.jsonl use these names).'),
      table(['term', 'meaning'], GLOSSARY.map(([term, meaning]) => [term, meaning])),
      paragraph('Reproduce: ', { code: `npx tsx src/cli.ts suite ${[...new Set(ctx.scenarios.map((s) => s.file))].join(' ')} --out <folder>` }, ' gives these runs byte for byte (the same seeds give the same results on any machine, any number of cores, any shards).'),
    ],
  };
}

/**
 * The report's sections in order. Adding one (e.g. anomaly explanations) is one builder here:
 * it gets the whole suite and its statistics and returns sections, or null to leave itself out.
 * Sections marked htmlOnly (the contents, the embedded decision) are left out of report.md.
 */
export const REPORT_SECTIONS: readonly ((ctx: ReportContext) => Section | Section[] | null)[] = [
  title,
  bottom,
  contents,
  intro,
  decisionAnalysis,
  assumptions,
  summary,
  scenarios,
  sweeps,
  anomaliesSection,
  method,
];

/**
 * Writes the report of a finished suite into `outDir`: charts/*.png, results.csv, report.html,
 * report.md (last, so a report.md means a whole report). Each file is written atomically; charts
 * of an earlier report that this one does not draw are removed. The outputs depend on the runs
 * alone: no time stamps, no absolute paths, nothing of the machine.
 */
export function writeSuiteReport(outDir: string, input: SuiteReportInput): void {
  const strategies = orderStrategies(input.results.map((r) => r.strategy));
  const stats = input.scenarios.map(({ scenario }) => scenarioStats(scenario, input.results, strategies));
  const ctx: ReportContext = { ...input, outDir, strategies, stats };
  const sections = REPORT_SECTIONS.flatMap((build) => build(ctx) ?? []);
  const images = sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'image' ? [{ file: b.src, png: b.png }] : [])));
  writeCharts(outDir, images, (name) => name.endsWith('.png') && !DECISION_CHART.test(name));
  writeFileAtomic(join(outDir, 'results.csv'), resultsCsv(input.results, input.scenarios.map((s) => s.scenario)));
  writeFileAtomic(join(outDir, 'report.html'), renderHtml(TITLE, sections));
  writeFileAtomic(join(outDir, 'report.md'), renderMarkdown(sections));
}
