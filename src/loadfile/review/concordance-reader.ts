/**
 * A Concordance `.dat` reader written as a receiving review platform reads one, independently
 * of drainsim's writer: a character state machine over the delimiters of the platform's import
 * settings. It hands over every row whose structure is sound and reports every other one with
 * its line number: a value not opened by the quote char, something other than the column char
 * after a closing quote (a wrong delimiter), a raw line break inside a value, a file that ends
 * inside a row.
 */
export interface ConcordanceSettings {
  column: string;
  quote: string;
  /** Stands for a line break inside a value. */
  newline: string;
}

/** The platform's settings for a Concordance load file: column char 20, quote char 254, newline char 174. */
export const CONCORDANCE_IMPORT: ConcordanceSettings = { column: String.fromCharCode(20), quote: String.fromCharCode(254), newline: String.fromCharCode(174) };

export interface ConcordanceHandlers {
  /** A structurally sound row (the header is row 1) and the line it starts on. */
  row(values: string[], line: number): void;
  problem(line: number, what: string): void;
}

/** Longer rows are not rows of a load file drainsim's jobs write (a few hundred characters; extracted text is short). */
const MAX_ROW_CHARS = 1 << 24;

const CR = 13;
const LF = 10;
const enum State {
  FieldStart,
  Quoted,
  QuoteSeen,
  CrSeen,
  /** Skipping the rest of a malformed line. */
  Skip,
}

function describe(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 32 || code === 127 ? `U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `'${ch}'`;
}

export class ConcordanceReader {
  private readonly col: number;
  private readonly quote: number;
  private readonly nl: number;
  private readonly h: ConcordanceHandlers;
  private state = State.FieldStart;
  private values: string[] = [];
  private value = '';
  private line = 1;
  private rowLine = 1;
  /** Characters of the row so far (values and separators). */
  private rowChars = 0;

  constructor(settings: ConcordanceSettings, handlers: ConcordanceHandlers) {
    this.col = settings.column.charCodeAt(0);
    this.quote = settings.quote.charCodeAt(0);
    this.nl = settings.newline.charCodeAt(0);
    this.h = handlers;
  }

  feed(text: string): void {
    const { col, quote, nl } = this;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case State.Quoted: {
          // Take the run of plain characters at once.
          let j = i;
          let d = c;
          while (d !== quote && d !== nl && d !== CR && d !== LF) {
            if (++j === n) break;
            d = text.charCodeAt(j);
          }
          if (j > i) {
            this.value += text.slice(i, j);
            this.rowChars += j - i;
            // A row no load file of a job has: reported, and the rest of its line skipped (it is never held whole).
            if (this.rowChars > MAX_ROW_CHARS) {
              this.malformed(`a row of more than ${MAX_ROW_CHARS} characters`, d);
              i = j;
              continue;
            }
          }
          i = j;
          if (i === n) continue;
          if (d === quote) this.state = State.QuoteSeen;
          else if (d === nl) this.value += '\n';
          else this.malformed('a raw line break inside a quoted value (a line break in a value is written as the newline char)', d);
          i++;
          continue;
        }
        case State.QuoteSeen:
          if (c === quote) {
            this.value += text[i];
            this.state = State.Quoted;
          } else if (c === col) {
            this.endValue();
            this.state = State.FieldStart;
          } else if (c === CR) {
            this.endValue();
            this.state = State.CrSeen;
          } else if (c === LF) {
            this.endValue();
            this.endRow();
          } else this.malformed(`unexpected ${describe(text[i])} after a closing quote (expected the column char U+0014 or the end of the row)`, c);
          i++;
          continue;
        case State.FieldStart:
          if (c === quote) this.state = State.Quoted;
          else if (c === col) {
            this.values.push('');
            if (++this.rowChars > MAX_ROW_CHARS) this.malformed(`a row of more than ${MAX_ROW_CHARS} characters`, c);
          }
          else if (c === CR || c === LF) {
            if (this.values.length === 0) this.malformed('a blank line', c);
            else {
              this.values.push('');
              if (c === CR) this.state = State.CrSeen;
              else this.endRow();
            }
          } else this.malformed(`a value starts with ${describe(text[i])}, not with the quote char`, c);
          i++;
          continue;
        case State.CrSeen:
          if (c === LF) this.endRow();
          else this.malformed('a CR not followed by LF', c);
          i++;
          continue;
        case State.Skip:
          if (c === LF) this.restart();
          i++;
          continue;
      }
    }
  }

  /** The line the reader is on. */
  get currentLine(): number {
    return this.line;
  }

  /** The end of the file: a row still open is a partial last row, and so is one cut inside a character. */
  end(cutInsideCharacter = false): void {
    if (this.state === State.Skip) return;
    if (cutInsideCharacter) return this.h.problem(this.rowLine, 'the file ends inside a UTF-8 character: a partial last row');
    if (this.state === State.FieldStart && this.values.length === 0) return;
    const inValue = this.state === State.Quoted;
    this.h.problem(this.rowLine, inValue ? 'the file ends inside a quoted value: a partial last row' : 'the file ends inside a row (no line break after it): a partial last row');
  }

  private endValue(): void {
    this.values.push(this.value);
    this.value = '';
    this.rowChars++;
  }

  private endRow(): void {
    this.h.row(this.values, this.rowLine);
    this.restart();
  }

  /** The next row starts on the next line. */
  private restart(): void {
    this.line++;
    this.rowLine = this.line;
    this.values = [];
    this.value = '';
    this.rowChars = 0;
    this.state = State.FieldStart;
  }

  /** Report the row and skip the rest of its line (a line break ends it at once). */
  private malformed(what: string, c: number): void {
    this.h.problem(this.rowLine, what);
    if (c === LF) this.restart();
    else this.state = State.Skip;
  }
}
