import type { Block, Cell, Inline, Section } from './document.js';
import { escapeMarkdown, escapeMarkdownStart, withoutControls } from './escape.js';

/** A run of backticks longer than any in `text`, and at least `least` long: nothing inside can close it. */
function fenceFor(text: string, least: number): string {
  return '`'.repeat(Math.max(least - 1, ...(text.match(/`+/g) ?? []).map((f) => f.length)) + 1);
}

/** Inline parts as Markdown; `inTable`: a code span's pipes escaped too (GFM splits cells before it reads code spans). */
function inline(parts: Inline[], inTable = false): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeMarkdown(p);
      if ('strong' in p) return `**${escapeMarkdown(p.strong)}**`;
      // A code span cannot hold its own backticks: longer fences around them.
      if ('code' in p) {
        const plain = withoutControls(p.code).replace(/[\r\n\t]+/g, ' ');
        const text = inTable ? plain.replace(/\|/g, '\\|') : plain;
        const fence = fenceFor(text, 1);
        return `${fence}${text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text}${fence}`;
      }
      return `[${escapeMarkdown(p.link)}](${encodeURI(p.href)})`;
    })
    .join('');
}

/** Inline text that begins a block: its first characters must not read as Markdown block syntax. */
function blockStart(parts: Inline[]): string {
  const [first, ...rest] = parts;
  if (typeof first !== 'string') return inline(parts);
  return escapeMarkdownStart(first) + inline(rest);
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      // A trailing # would be read as the heading's closing sequence.
      return `${'#'.repeat(b.level)} ${escapeMarkdown(b.text).replace(/#(\s*)$/, '\\#$1')}`;
    case 'paragraph':
      return blockStart(b.content);
    case 'list':
      return b.items.map((item) => `- ${blockStart(item)}`).join('\n');
    case 'table': {
      const row = (cells: Cell[]) => `| ${cells.map((c) => (typeof c === 'string' ? escapeMarkdown(c) : inline(c, true)) || ' ').join(' | ')} |`;
      return [row(b.header), `|${b.header.map(() => ' --- ').join('|')}|`, ...b.rows.map(row)].join('\n');
    }
    case 'preformatted': {
      const text = withoutControls(b.text);
      const fence = fenceFor(text, 3);
      return `${fence}text\n${text.replace(/\r\n?/g, '\n').replace(/\n+$/, '')}\n${fence}`;
    }
    case 'contents':
    case 'explorer':
      return '';
    case 'image': {
      const picture = `![${escapeMarkdown(b.alt)}](${encodeURI(b.src)})`;
      return b.caption === undefined ? picture : `${picture}\n\n_${escapeMarkdown(b.caption)}_`;
    }
  }
}

/** The report as Markdown (GitHub flavour), ready to paste into the design record. */
export function renderMarkdown(sections: readonly Section[]): string {
  return `${sections.filter((s) => s.htmlOnly !== true).flatMap((s) => s.blocks.map(block)).filter((text) => text !== '').join('\n\n')}\n`;
}
