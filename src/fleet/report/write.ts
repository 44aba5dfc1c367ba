import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.js';
import type { Outputs } from '../../io/output-folder.js';
import { renderHtml } from '../../report/html.js';
import type { Answer } from '../answer.js';
import { renderMarkdown } from '../../report/markdown.js';
import { REPORT_OUTPUTS, writeCharts } from '../../report/outputs.js';
import { fleetSeeds } from '../types.js';
import { FLEET_CHART_PREFIX } from './charts.js';
import { affectedJobsCsv, breakEvenCsv, resultsCsv } from './csv.js';
import { FLEET_TITLE, fleetReport, type FleetReportInput } from './report.js';

const ownsChart = (name: string) => name.startsWith(FLEET_CHART_PREFIX) && name.endsWith('.png');

/** What `fleet` writes into its --out folder (and --force removes): nothing else is touched. */
export const FLEET_OUTPUTS: Outputs = {
  files: ['report.md', 'report.html', 'results.csv', 'affected-jobs.csv', 'break-even.csv', 'fleet.json'],
  folders: [REPORT_OUTPUTS.charts],
};

/**
 * Writes the fleet report into `outDir`: charts/fleet-*.png, the CSV files, fleet.json,
 * report.html, report.md (last, so a report.md means a whole report). Each file is written whole
 * or not at all; the bytes depend on the fleet file and the seeds alone. Gives the report's answer.
 */
export function writeFleetReport(outDir: string, input: FleetReportInput): Answer {
  const { outcome } = input;
  const { sections, charts, answer } = fleetReport(input);
  writeCharts(outDir, charts.map((c) => ({ file: c.src, png: c.png })), ownsChart);
  const seeds = fleetSeeds(outcome.fleet);
  const manifest = { file: input.file, fleet: outcome.fleet, strategies: outcome.strategies, seeds, simulations: outcome.simulations };
  writeFileAtomic(join(outDir, 'fleet.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileAtomic(join(outDir, 'results.csv'), resultsCsv(outcome));
  writeFileAtomic(join(outDir, 'affected-jobs.csv'), affectedJobsCsv(outcome));
  if (outcome.breakEven !== null) writeFileAtomic(join(outDir, 'break-even.csv'), breakEvenCsv(outcome.breakEven, seeds));
  writeFileAtomic(join(outDir, 'report.html'), renderHtml(`${FLEET_TITLE}: ${outcome.fleet.name}`, sections));
  writeFileAtomic(join(outDir, 'report.md'), renderMarkdown(sections));
  return answer;
}
