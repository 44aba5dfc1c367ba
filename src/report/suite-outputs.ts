import { decidableRuns } from '../analysis/applicable.js';
import type { Decision } from '../analysis/decision-file.js';
import { analyseDecision } from '../analysis/decision.js';
import { writeDecisionReport } from './decision-report.js';
import type { SuiteReportInput } from './context.js';
import { writeSuiteReport } from './suite-report.js';

/**
 * What a finished suite (or a merge) writes besides its runs: decision.md drawn from them with the
 * decision file, then the report, which links decision.md. A suite whose every scenario turns off
 * a capability some strategy needs has no runs to decide on: it gets the report alone, and says so.
 */
export function writeSuiteOutputs(outDir: string, input: SuiteReportInput, decision: Decision): string {
  const scenarios = input.scenarios.map((s) => s.scenario);
  const analysis = decidableRuns(input.results, scenarios).results.length > 0 ? analyseDecision(input.results, decision, scenarios) : null;
  if (analysis !== null) writeDecisionReport(outDir, analysis, input.scenarios, null);
  writeSuiteReport(outDir, input);
  if (analysis === null) return `no decision.md: every scenario turns off an IAPI capability some strategy needs`;
  const { choice } = analysis;
  const said = choice.kind === 'chosen' ? `decision: ${choice.strategies[0]}` : choice.kind === 'tie' ? `decision: a tie of ${choice.strategies.join(', ')}` : 'decision: no strategy meets the constraints';
  return `${said} (${outDir}/decision.md)`;
}
