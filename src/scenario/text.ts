import { z } from 'zod';

/**
 * Text from input files (names, descriptions) reaches terminals, HTML, CSV and Markdown. Control
 * characters there ring bells, move the cursor or recolour a terminal (ESC starts an ANSI escape),
 * split lines, or reorder what is shown (bidirectional overrides): all are refused at load.
 * Multi-line text (a description) may hold tab and line breaks.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CONTROL_IN_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** `U+001B at character 5`, or null when the text has none of the characters `pattern` refuses. */
export function controlCharacterIn(text: string, lines = false): string | null {
  const m = (lines ? CONTROL_IN_LINES : CONTROL).exec(text);
  return m === null ? null : `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${m.index + 1}`;
}

/** Words for messages: what text is allowed. */
export function textAllowed(max: number, min = 0, lines = false): string {
  const length = min > 0 ? `text of ${min} to ${max} characters` : `text of at most ${max} characters`;
  return `${length}, without control characters${lines ? ' (tab and line breaks allowed)' : ''}`;
}

/**
 * A zod string of `min` to `max` characters without control characters (`lines`: tab and line
 * breaks allowed). The issue carries the problem in params.problem, as scenario messages expect.
 */
export function plainText(max: number, min = 0, lines = false) {
  const allowed = textAllowed(max, min, lines);
  return z
    .string({ error: allowed })
    .min(min, { error: allowed })
    .max(max, { error: allowed })
    .superRefine((text, ctx) => {
      const found = controlCharacterIn(text, lines);
      if (found !== null) ctx.addIssue({ code: 'custom', message: allowed, params: { problem: `a control character (${found})` }, input: text });
    });
}
