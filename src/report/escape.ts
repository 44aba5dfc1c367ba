/**
 * Escaping for text that comes from scenario files (names, descriptions, file names, error
 * messages), wherever it reaches HTML, Markdown or CSV.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** C0 and C1 control characters other than tab, line feed and carriage return (escape sequences, NUL, bell, ...). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Text with every control character but tab and line breaks shown escaped (`\u001b`): an escape
 * sequence from a scenario file (the loaders refuse them in names and descriptions; a file name or
 * an error message can still carry one) never reaches a report or a terminal as one.
 */
export function withoutControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return withoutControls(text).replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Text inside a Markdown block: HTML is shown, not run (`<` `>` `&` as entities); Markdown's
 * inline marks, links and table pipes are backslash-escaped; line breaks become spaces so text
 * cannot end a table row or start a block of its own.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '\uFFFD')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML[c]);
}

/** The same, for text that starts a block (a paragraph or a list item): no heading, list, quote or rule from its first characters. */
export function escapeMarkdownStart(text: string): string {
  return escapeMarkdown(text)
    .replace(/^(\s*)([-+#])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** Cells that spreadsheets would run as a formula start with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): numbers as they are, null as empty; control characters shown escaped
 * (showControls); text that starts like a formula
 * gets a leading `'` so spreadsheets show it instead of running it, and text with a comma, quote
 * or line break is quoted with quotes doubled.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = withoutControls(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
