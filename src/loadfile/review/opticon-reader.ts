/**
 * An Opticon `.opt` reader as a review platform reads one: one line per page image,
 * `bates,volume,path,docBreak,box,folder,pages`, where a document starts at a line whose
 * docBreak is `Y` and whose pages field gives its page count. It hands over each document with
 * its pages and reports every line that breaks the format.
 */
export interface OpticonPage {
  bates: string;
  volume: string;
  path: string;
  line: number;
}

export interface OpticonDocument {
  pages: OpticonPage[];
  /** The page count the first line declares. */
  declaredPages: number;
}

export interface OpticonHandlers {
  document(doc: OpticonDocument): void;
  problem(line: number, what: string): void;
}

/** Longer lines are not Opticon lines (one is a Bates number, a volume, a path and four short fields). */
const MAX_LINE_CHARS = 1 << 16;

export class OpticonReader {
  private readonly h: OpticonHandlers;
  private partial = '';
  private skipping = false;
  private line = 0;
  private doc: OpticonDocument | null = null;

  constructor(handlers: OpticonHandlers) {
    this.h = handlers;
  }

  feed(text: string): void {
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n', start);
      if (lf < 0) break;
      const piece = text.slice(start, lf);
      const full = this.partial === '' ? piece : this.partial + piece;
      this.partial = '';
      if (this.skipping) {
        this.skipping = false;
        this.line++;
      } else this.onLine(full.endsWith('\r') ? full.slice(0, -1) : full);
      start = lf + 1;
    }
    if (this.skipping) return;
    this.partial += text.slice(start);
    // A line no Opticon file has: reported, and the rest of it skipped (it is never held whole).
    if (this.partial.length > MAX_LINE_CHARS) {
      this.h.problem(this.line + 1, `a line of more than ${MAX_LINE_CHARS} characters`);
      this.partial = '';
      this.skipping = true;
    }
  }

  /** The line the reader is on. */
  get currentLine(): number {
    return this.line + 1;
  }

  /** The end of the file: a line without its line break is a partial last line, and so is one cut inside a character. */
  end(cutInsideCharacter = false): void {
    if ((this.partial !== '' && !this.skipping) || cutInsideCharacter) this.h.problem(this.line + 1, `the file ends inside a ${cutInsideCharacter ? 'UTF-8 character' : 'line (no line break after it)'}: a partial last line`);
    this.flush();
  }

  private onLine(text: string): void {
    const line = ++this.line;
    const f = text.split(',');
    if (f.length !== 7) return this.h.problem(line, `expected 7 comma-separated fields (bates,volume,path,Y,,,pages), got ${f.length}`);
    const page = { bates: f[0], volume: f[1], path: f[2], line };
    if (f[3] === 'Y') {
      this.flush();
      const declared = Number(f[6]);
      if (!/^\d+$/.test(f[6]) || declared < 1) this.h.problem(line, `a document's first page gives the page count '${f[6]}', not a whole number from 1`);
      this.doc = { pages: [page], declaredPages: declared };
    } else if (f[3] !== '') this.h.problem(line, `the document-break field is '${f[3]}' (allowed: Y or empty)`);
    else if (this.doc === null) this.h.problem(line, 'a page before any document\'s first page (no Y line above it)');
    else {
      if (f[6] !== '') this.h.problem(line, `a page after the first gives a page count ('${f[6]}')`);
      this.doc.pages.push(page);
    }
  }

  private flush(): void {
    if (this.doc !== null) this.h.document(this.doc);
    this.doc = null;
  }
}
