/** The report's numbers and counts: the one formatting of analysis/format.ts, so a figure reads the same in every output. */
export { formatNumber as fmt, plural } from '../analysis/format.js';
