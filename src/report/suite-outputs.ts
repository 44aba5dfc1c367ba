import { decidableRuns } from '../analysis/applicable.js';
import { bottomLine } from '../analysis/bottom-line.js';
import { analyseDecision, type DecisionAnalysis } from '../analysis/decision.js';
import type { Decision } from '../analysis/decision-file.js';
import type { SensitivityResult } from '../analysis/sensitivity-study.js';
import type { ReportDecision, SuiteReportInput } from './context.js';
import { rankingTable } from './decision-md.js';
import { decisionDocument, writeDecisionReport } from './decision-report.js';
import { explorerData } from './explorer.js';
import { NO_STUDIES, type DecisionStudies } from './studies.js';
import { writeSuiteReport } from './suite-report.js';

export interface WrittenOutputs {
  /** The analysis, or null when every scenario turns off a capability some strategy needs. */
  analysis: DecisionAnalysis | null;
  /** decision.md, decision.json and the charts, relative to the folder (none without a decision). */
  decisionFiles: string[];
  /** decision.json's text; null without a decision. */
  decisionJson: string | null;
}

/**
 * What a finished suite (a merge, a decide) writes besides its runs: decision.md drawn from them
 * with the decision file (and the sensitivity study when given), then the report, which opens
 * with the same bottom line and embeds the decision in its HTML. Analysis computes, this writes:
 * the bottom line is computed once and rendered into all three files. A suite whose every
 * scenario turns off a capability some strategy needs has no runs to decide on: it gets the
 * report alone, and says so.
 */
export function writeSuiteFolder(
  outDir: string,
  input: SuiteReportInput,
  decision: Decision,
  sensitivity: { result: SensitivityResult; cost: string } | null = null,
  studies: DecisionStudies = NO_STUDIES,
): WrittenOutputs {
  const scenarios = input.scenarios.map((s) => s.scenario);
  const analysis = decidableRuns(input.results, scenarios).results.length > 0 ? analyseDecision(input.results, decision, scenarios) : null;
  let report: ReportDecision = { bottomLine: null, sections: [], explorer: null, ruledOut: [] };
  let decisionFiles: string[] = [];
  let decisionJson: string | null = null;
  if (analysis !== null) {
    const bl = bottomLine(analysis, input.results, studies.assumptions);
    const doc = decisionDocument(analysis, bl, input.scenarios, sensitivity, studies);
    decisionFiles = writeDecisionReport(outDir, doc);
    decisionJson = doc.json;
    report = {
      bottomLine: bl,
      sections: doc.sections,
      explorer: { kind: 'explorer', data: explorerData(analysis), ranking: rankingTable(analysis) },
      ruledOut: bl.ruledOut.map((r) => r.strategy),
    };
  }
  writeSuiteReport(outDir, { ...input, decision: report });
  return { analysis, decisionFiles, decisionJson };
}

/** writeSuiteFolder, then one line saying the decision and where it is (for `suite` and `merge`). */
export function writeSuiteOutputs(outDir: string, input: SuiteReportInput, decision: Decision): string {
  const { analysis } = writeSuiteFolder(outDir, input, decision);
  if (analysis === null) return `no decision.md: every scenario turns off an IAPI capability some strategy needs`;
  const { choice } = analysis;
  const said = choice.kind === 'chosen' ? `decision: ${choice.strategies[0]}` : choice.kind === 'tie' ? `decision: a tie of ${choice.strategies.join(', ')}` : 'decision: no strategy meets the constraints';
  return `${said} (${outDir}/decision.md)`;
}
