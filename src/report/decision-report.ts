import { join } from 'node:path';
import type { DecisionAnalysis } from '../analysis/decision.js';
import { decisionJsonText } from '../analysis/decision-json.js';
import type { SensitivityResult } from '../analysis/sensitivity-study.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { BottomLine } from '../analysis/bottom-line.js';
import { bottomLineSections } from './bottom-line.js';
import { decisionCharts } from './decision-charts.js';
import { decisionSections, type DecisionChartImage, type ReportExtras } from './decision-md.js';
import type { Inline, Section } from './document.js';
import { renderMarkdown } from './markdown.js';
import { NO_STUDIES, type DecisionStudies } from './studies.js';
import { writeCharts } from './outputs.js';

export const DECISION_FILE = 'decision.md';
export const DECISION_JSON = 'decision.json';
/** The decision's charts in charts/ (the report's own cleanup leaves them alone). */
export const DECISION_CHART = /^decision-.*\.png$/;

/** decision.md as a document, with the charts it shows (drawn, not yet written). */
export interface DecisionDocument {
  sections: Section[];
  charts: DecisionChartImage[];
  /** decision.json's text (decide --json prints it). */
  json: string;
}

/**
 * decision.md's document: the bottom line first, then the analysis in the design record's format,
 * with its charts (and, when run, the sensitivity study's).
 */
export function decisionDocument(
  analysis: DecisionAnalysis,
  bottomLine: BottomLine,
  scenarios: readonly LoadedScenario[],
  sensitivity: { result: SensitivityResult; cost: string } | null,
  studies: DecisionStudies = NO_STUDIES,
): DecisionDocument {
  const charts = decisionCharts(analysis, sensitivity?.result ?? null);
  const notRun: Inline[] = analysis.decision.sensitivity
    ? ['run ', { code: 'drainsim decide <suite-dir> --sensitivity' }, ' (it states the number of simulation runs before it starts)']
    : [{ code: analysis.decision.file }, ' has no sensitivity section'];
  const extras: ReportExtras = { scenarios, sensitivity: sensitivity ?? { notRun }, charts, opening: bottomLineSections(bottomLine, 2), studies };
  return { sections: decisionSections(analysis, extras), charts, json: decisionJsonText(analysis, studies.assumptions, studies.discovery) };
}

/**
 * Writes decision.md, decision.json and the charts (charts/decision-*.png) into a suite output folder: the
 * charts first, then decision.md, each file whole or not at all, so decision.md never names a
 * chart that is not there. Charts of an earlier decide that this one does not draw (a sensitivity
 * study not run again) are removed: the folder shows one analysis. Returns the files written,
 * relative to the folder, decision.md last.
 */
export function writeDecisionReport(outDir: string, doc: DecisionDocument): string[] {
  writeCharts(outDir, doc.charts, (name) => DECISION_CHART.test(name));
  writeFileAtomic(join(outDir, DECISION_JSON), doc.json);
  writeFileAtomic(join(outDir, DECISION_FILE), renderMarkdown(doc.sections));
  return [...doc.charts.map((c) => c.file), DECISION_JSON, DECISION_FILE];
}
