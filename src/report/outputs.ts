import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { removeOwnedFile, writeFileAtomic } from '../io/atomic.js';

/** The files a report writes into a suite folder (besides results.jsonl, timelines.jsonl and suite.json). */
export const REPORT_OUTPUTS = {
  files: ['report.md', 'report.html', 'results.csv', 'decision.md', 'decision.json'],
  /** Folder of the chart PNGs. */
  charts: 'charts',
} as const;

/**
 * Writes charts into the charts/ folder of `outDir` (each `file` relative to `outDir`), each
 * atomically, then removes the files of charts/ that `owns` claims and this drawing did not
 * write: the folder shows one drawing of each owner (the report, the decision). Only files
 * drainsim wrote there are removed (see io/output-folder.ts).
 */
export function writeCharts(outDir: string, charts: readonly { file: string; png: Buffer }[], owns: (name: string) => boolean): void {
  const dir = join(outDir, REPORT_OUTPUTS.charts);
  mkdirSync(dir, { recursive: true });
  for (const chart of charts) writeFileAtomic(join(outDir, chart.file), chart.png);
  const drawn = new Set(charts.map((c) => c.file));
  for (const name of readdirSync(dir)) if (owns(name) && !drawn.has(`${REPORT_OUTPUTS.charts}/${name}`)) removeOwnedFile(join(dir, name));
}
