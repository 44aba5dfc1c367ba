/**
 * The Concordance `.dat` as IAPI writes it (DOMAIN.md; WinEDDS DelimitedCellFormatter): every
 * cell wrapped in the quote char þ (254) with a þ inside doubled, line breaks inside a value
 * turned into the newline char ® (174), cells separated by the column char (20), rows ended by
 * CRLF, UTF-8 with a byte-order mark (what .NET's Encoding.UTF8 writes).
 */
const COLUMN = '\u0014';
const QUOTE = '\u00fe';
const NEWLINE_IN_VALUE = '\u00ae';
/** Separates the values of a multi-value field. */
export const MULTI_VALUE = ';';
/** Separates the levels of a nested choice. */
export const NESTED = '\\';
const ROW_END = '\r\n';
export const UTF8_BOM = '\ufeff';

const NEEDS_ESCAPE = /[\r\n\u00fe]/;

/** TransformToCell: CRLF, CR and LF become ®, þ becomes þþ, then the value is quoted. */
export function concordanceCell(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return QUOTE + value + QUOTE;
  const v = value.replace(/\r\n?|\n/g, NEWLINE_IN_VALUE).replaceAll(QUOTE, QUOTE + QUOTE);
  return QUOTE + v + QUOTE;
}

/** One row (or the header row): the cells joined by the column char, ended by CRLF. */
export function concordanceRow(values: readonly string[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i === 0 ? '' : COLUMN) + concordanceCell(values[i]);
  return out + ROW_END;
}
