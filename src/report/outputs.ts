/** The files a report writes into a suite folder (besides results.jsonl, timelines.jsonl and suite.json). */
export const REPORT_OUTPUTS = {
  files: ['report.md', 'report.html', 'results.csv', 'decision.md'],
  /** Folder of the chart PNGs. */
  charts: 'charts',
} as const;
