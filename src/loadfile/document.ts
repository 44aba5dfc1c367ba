import { MULTI_VALUE, NESTED } from './concordance.js';

/**
 * What the export writes for one document: its fields in the `.dat` and the names of its files.
 * The values are made up (drainsim has no real documents) but deterministic per artifact ID, and
 * some of them carry what the Concordance escaping must survive: a line break, the quote char,
 * the column char, multi-value and nested choices, and text outside ASCII.
 */
export const DAT_COLUMNS = ['Control Number', 'ArtifactID', 'Version', 'Sort Key', 'Extracted Text', 'Tags', 'FILE_PATH'] as const;

/** The document identifier: also its native's file name and its first image's Bates number. */
export function controlNumber(artifactId: number): string {
  return `DOC${artifactId}`;
}

export function extractedText(artifactId: number): string {
  let t = `Text of ${controlNumber(artifactId)}.`;
  if (artifactId % 3 === 0) t += '\r\nSecond line.';
  if (artifactId % 5 === 0) t += ' He wrote \u00feyes\u00fe.';
  if (artifactId % 7 === 0) t += ' Zoë — 東京, café.';
  if (artifactId % 11 === 0) t += ' A column char \u0014 inside.';
  return t;
}

const TAGS = [`Responsive${MULTI_VALUE}Hot`, `Issues${NESTED}Contracts${MULTI_VALUE}Issues${NESTED}Pricing`, 'Not Responsive', ''];

export function tags(artifactId: number): string {
  return TAGS[artifactId % TAGS.length];
}

/** Image identifiers: the control number for page 1, then `_0002`, `_0003`, ... */
export function pageBates(control: string, page: number): string {
  return page === 1 ? control : `${control}_${String(page).padStart(4, '0')}`;
}

export const nativeFileName = (control: string): string => `${control}.txt`;
export const imageFileName = (bates: string): string => `${bates}.tif`;

/** Contents of the stand-in files (drainsim copies no real file). */
export const nativeStandIn = (control: string): string => `drainsim stand-in for the native file of ${control}\n`;
export const imageStandIn = (bates: string): string => `drainsim stand-in for the image ${bates} (not a TIFF)\n`;
