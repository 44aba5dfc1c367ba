import { join } from 'node:path';
import { assumptionBullet, assumptionSection, type AssumptionSweep } from '../analysis/assumption-sweep.js';
import { decisionCharts } from '../analysis/decision-charts.js';
import { decisionJsonText } from '../analysis/decision-json.js';
import { discoveryBullet, discoverySection, type Discovery } from '../analysis/discovery.js';
import { renderDecisionMarkdown, type DecisionAnalysis, type ReportExtras } from '../analysis/decision-md.js';
import type { SensitivityResult } from '../analysis/sensitivity-study.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { LoadedScenario } from '../scenario/load.js';
import { writeCharts } from './outputs.js';

export const DECISION_FILE = 'decision.md';
export const DECISION_JSON = 'decision.json';
/** The decision's charts in charts/ (the report's own cleanup leaves them alone). */
export const DECISION_CHART = /^decision-.*\.png$/;

export interface WrittenDecision {
  /** Files written, relative to the output folder, decision.md last. */
  files: string[];
  /** decision.json's text (decide --json prints it). */
  json: string;
}

/** What decide --assumptions and --discover found; null where not run. */
export interface DecisionStudies {
  assumptions: AssumptionSweep | null;
  discovery: Discovery | null;
}

/** The first-screen sentences and sections of the studies, or how to run them. */
function studiesText(a: DecisionAnalysis, studies: DecisionStudies): { restsOn: string[]; sections: string[] } {
  const how = (flag: string, what: string) => (a.decision.sensitivity ? `not checked here: \`decide <suite-dir> ${flag}\` ${what} (it states its number of runs first)` : `not checked: \`${a.decision.file}\` has no sensitivity section (its base scenario)`);
  const { assumptions, discovery } = studies;
  return {
    restsOn: [
      assumptions ? assumptionBullet(assumptions, a.choice) : `**Assumptions**: ${how('--assumptions', 're-runs the base scenario under every alternative of every assumption')}.`,
      discovery ? discoveryBullet(discovery, a.choice.strategies) : `**Where strategies break**: ${how('--discover', 'samples the sensitivity ranges and finds where each strategy breaks a constraint')}.`,
    ],
    sections: [...(assumptions ? [assumptionSection(assumptions)] : []), ...(discovery ? [discoverySection(discovery)] : [])],
  };
}

/**
 * Writes decision.md, decision.json and its charts (charts/decision-*.png) into a suite output folder: the
 * charts first, then decision.md, each file whole or not at all, so decision.md never names a
 * chart that is not there. Charts of an earlier decide that this one does not draw (a sensitivity
 * study not run again) are removed: the folder shows one analysis.
 */
export function writeDecisionReport(
  outDir: string,
  analysis: DecisionAnalysis,
  scenarios: readonly LoadedScenario[],
  sensitivity: { result: SensitivityResult; cost: string } | null,
  studies: DecisionStudies = { assumptions: null, discovery: null },
): WrittenDecision {
  const charts = decisionCharts(analysis, sensitivity?.result ?? null);
  const notRun = analysis.decision.sensitivity
    ? "run 'drainsim decide <suite-dir> --sensitivity' (it states the number of simulation runs before it starts)"
    : `\`${analysis.decision.file}\` has no sensitivity section`;
  const extras: ReportExtras = {
    scenarios,
    sensitivity: sensitivity ?? { notRun },
    charts: Object.fromEntries(charts.map((c) => [c.key, c.file])),
    studies: studiesText(analysis, studies),
  };
  const markdown = renderDecisionMarkdown(analysis, extras);
  const json = decisionJsonText(analysis, studies.assumptions, studies.discovery);
  writeCharts(outDir, charts, (name) => DECISION_CHART.test(name));
  writeFileAtomic(join(outDir, DECISION_JSON), json);
  writeFileAtomic(join(outDir, DECISION_FILE), markdown);
  return { files: [...charts.map((c) => c.file), DECISION_JSON, DECISION_FILE], json };
}
