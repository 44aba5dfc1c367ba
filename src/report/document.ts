import type { ExplorerData } from './explorer.js';

/**
 * The report as a small document (headings, paragraphs, lists, tables, images), rendered to
 * Markdown (markdown.ts) and to HTML (html.ts). Every text in it is plain text: each renderer
 * escapes all of it, so text from a scenario file can never become markup.
 */

export type Inline = string | { strong: string } | { code: string } | { link: string; href: string };

/** A table cell: plain text, or inline parts (code spans, links). */
export type Cell = string | Inline[];

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

export type Block =
  | { kind: 'heading'; level: HeadingLevel; text: string }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  /** A table; the first column names the row. */
  | { kind: 'table'; header: string[]; rows: Cell[][] }
  /** Plain text shown as it is, line by line (an explanation). */
  | { kind: 'preformatted'; text: string }
  /**
   * A chart: written to `src` in the report folder (`charts/...png`), embedded in the HTML; its
   * caption is one line saying what to look for.
   */
  | { kind: 'image'; src: string; alt: string; png: Buffer; caption?: string }
  /** HTML only: a list of links to the headings (down to `depth`) that follow it. */
  | { kind: 'contents'; depth: HeadingLevel }
  /** HTML only: the weights explorer (sliders recomputing the ranking in the page). */
  | { kind: 'explorer'; data: ExplorerData; ranking: Block };

/** A named part of the report (the id lets later code add a section after a given one). */
export interface Section {
  id: string;
  blocks: Block[];
  /** Shown in report.html only (the contents list, the embedded decision analysis). */
  htmlOnly?: true;
}

export const heading = (level: HeadingLevel, text: string): Block => ({ kind: 'heading', level, text });
export const paragraph = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
export const list = (items: Inline[][]): Block => ({ kind: 'list', items });
export const table = (header: string[], rows: Cell[][]): Block => ({ kind: 'table', header, rows });
export const preformatted = (text: string): Block => ({ kind: 'preformatted', text });
export const image = (chart: { src: string; alt: string; png: Buffer; caption?: string }): Block => ({ kind: 'image', ...chart });

/** The sections with every heading `by` levels lower (a document embedded in another), at most level 6. */
export function demoted(sections: readonly Section[], by: number): Section[] {
  return sections.map((s) => ({
    ...s,
    blocks: s.blocks.map((b) => (b.kind === 'heading' ? { ...b, level: Math.min(6, b.level + by) as HeadingLevel } : b)),
  }));
}
