import { join } from 'node:path';
import type { DecisionAnalysis } from '../analysis/decision.js';
import type { SensitivityResult } from '../analysis/sensitivity-study.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { LoadedScenario } from '../scenario/load.js';
import { decisionCharts } from './decision-charts.js';
import { renderDecisionMarkdown, type ReportExtras } from './decision-md.js';
import type { Inline } from './document.js';
import { writeCharts } from './outputs.js';

export const DECISION_FILE = 'decision.md';
/** The decision's charts in charts/ (the report's own cleanup leaves them alone). */
export const DECISION_CHART = /^decision-.*\.png$/;

export interface WrittenDecision {
  /** Files written, relative to the output folder, decision.md last. */
  files: string[];
}

/**
 * Writes decision.md and its charts (charts/decision-*.png) into a suite output folder: the
 * charts first, then decision.md, each file whole or not at all, so decision.md never names a
 * chart that is not there. Charts of an earlier decide that this one does not draw (a sensitivity
 * study not run again) are removed: the folder shows one analysis.
 */
export function writeDecisionReport(
  outDir: string,
  analysis: DecisionAnalysis,
  scenarios: readonly LoadedScenario[],
  sensitivity: { result: SensitivityResult; cost: string } | null,
): WrittenDecision {
  const charts = decisionCharts(analysis, sensitivity?.result ?? null);
  const notRun: Inline[] = analysis.decision.sensitivity
    ? ['run ', { code: 'drainsim decide <suite-dir> --sensitivity' }, ' (it states the number of simulation runs before it starts)']
    : [{ code: analysis.decision.file }, ' has no sensitivity section'];
  const extras: ReportExtras = {
    scenarios,
    sensitivity: sensitivity ?? { notRun },
    charts,
  };
  const markdown = renderDecisionMarkdown(analysis, extras);
  writeCharts(outDir, charts, (name) => DECISION_CHART.test(name));
  writeFileAtomic(join(outDir, DECISION_FILE), markdown);
  return { files: [...charts.map((c) => c.file), DECISION_FILE] };
}
