import { explainRun, worstSeed } from '../analysis/explain/worst.js';
import { strategyById } from '../strategies/registry.js';
import { missingCapabilities } from '../strategies/strategy.js';
import { heading, paragraph, preformatted, type Block, type Section } from './document.js';
import type { ReportContext } from './context.js';

/**
 * "The same text appears in the report for the worst seed of each strategy": per strategy, the
 * `explain` text of its worst run (most duplicates + misses + missesGone, then latest stop, then
 * failure) among the scenarios in which it can run, re-simulated with tracing.
 */
export function anomaliesSection(ctx: ReportContext): Section | null {
  const blocks: Block[] = [];
  for (const id of ctx.strategies) {
    const strategy = strategyById(id);
    const runnable = ctx.scenarios.map((s) => s.scenario).filter((sc) => missingCapabilities(strategy, sc.iapi).length === 0);
    const names = new Set(runnable.map((sc) => sc.name));
    const runs = ctx.results.filter((r) => names.has(r.scenario));
    const worst = worstSeed(runs, id);
    if (worst === undefined) continue;
    const text = explainRun(runnable, worst, strategy);
    const file = ctx.scenarios.find((s) => s.scenario.name === worst.scenario)!.file;
    blocks.push(
      heading(4, `${id}: ${worst.scenario}, seed ${worst.seed}`),
      paragraph('The same text: ', { code: `npx tsx src/cli.ts explain ${file} --seed ${worst.seed} --strategy ${id}` }),
      preformatted(text),
    );
  }
  if (blocks.length === 0) return null;
  return {
    id: 'anomalies',
    blocks: [
      heading(3, 'Anomalies explained: the worst run of each strategy'),
      paragraph(
        'For each strategy, its worst run of the suite among the scenarios in which it can run (its IAPI capabilities on): most duplicates + misses + records gone, then the latest stop over budget (a kill is infinitely late), then a failed job; the lowest seed on a tie. Each is simulated again with tracing (the fingerprint must match the run) and explained record by record: the counts per anomaly class and, for up to 10 records each, the chain of events that caused it.',
      ),
      ...blocks,
    ],
  };
}
