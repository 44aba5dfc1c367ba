import type { Block, Cell, Inline, Section } from './document.js';
import { escapeHtml } from './escape.js';
import { EXPLORER_SCRIPT_HASH, explorerHtml } from './explorer.js';

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.4; }
h1, h2 { border-bottom: 2px solid #444; padding-bottom: .2em; }
h3 { border-bottom: 1px solid #aaa; margin-top: 2em; }
h4, h5, h6 { margin-top: 1.6em; }
.table-scroll { overflow-x: auto; max-width: 100%; margin: 1em 0; }
table { border-collapse: collapse; font-size: 85%; }
th, td { border: 1px solid #bbb; padding: .25em .5em; vertical-align: top; text-align: left; }
tbody tr:nth-child(even) { background: #f4f4f4; }
thead th { background: #e4e8ee; }
figure { margin: 1em 0; content-visibility: auto; contain-intrinsic-size: auto 450px; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-style: italic; color: #444; margin-top: .3em; }
code { background: #f0f0f0; padding: 0 .2em; overflow-wrap: anywhere; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6em; overflow-x: auto; font-size: 85%; white-space: pre-wrap; }
nav.contents { background: #f6f8fa; border: 1px solid #ddd; padding: .3em 1em; }
nav.contents ul { margin: .2em 0; padding-left: 1.2em; }
nav.contents li.level-4 { margin-left: 1.2em; font-size: 92%; }
.weights-controls .weight { display: grid; grid-template-columns: minmax(10em, 22em) minmax(8em, 1fr) 8em; gap: .6em; align-items: center; margin: .2em 0; }
@media (max-width: 700px) { body { margin: .5em auto; } .weights-controls .weight { grid-template-columns: 1fr; } }
`;

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeHtml(p);
      if ('strong' in p) return `<strong>${escapeHtml(p.strong)}</strong>`;
      if ('code' in p) return `<code>${escapeHtml(p.code)}</code>`;
      return `<a href="${escapeHtml(encodeURI(p.href))}">${escapeHtml(p.link)}</a>`;
    })
    .join('');
}

/** An id for a heading: lower-case letters, digits and dashes, unique in the page. */
function anchorIds(blocks: readonly Block[]): Map<Block, string> {
  const ids = new Map<Block, string>();
  const used = new Set<string>();
  for (const b of blocks) {
    if (b.kind !== 'heading') continue;
    const base =
      b.text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'section';
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    ids.set(b, id);
  }
  return ids;
}

/** PNG width and height from its header (IHDR), for the img's size before it loads. */
function pngSize(png: Buffer): { width: number; height: number } | null {
  return png.length >= 24 && png.subarray(12, 16).toString('latin1') === 'IHDR' ? { width: png.readUInt32BE(16), height: png.readUInt32BE(20) } : null;
}

function block(b: Block, index: number, blocks: readonly Block[], ids: Map<Block, string>): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level} id="${ids.get(b)}">${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${inline(b.content)}</p>`;
    case 'list':
      return `<ul>\n${b.items.map((item) => `<li>${inline(item)}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const cell = (c: Cell) => (typeof c === 'string' ? escapeHtml(c) : inline(c));
      const head = `<thead><tr>${b.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
      const body = b.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cell(c)}</th>` : `<td>${cell(c)}</td>`)).join('')}</tr>`).join('\n');
      // A table wider than the screen scrolls sideways in its own box instead of widening the page.
      return `<div class="table-scroll" role="region" aria-label="${escapeHtml(`table: ${b.header.join(', ')}`)}" tabindex="0"><table>\n${head}\n<tbody>\n${body}\n</tbody>\n</table></div>`;
    }
    case 'preformatted':
      return `<pre>${escapeHtml(b.text)}</pre>`;
    case 'image': {
      const size = pngSize(b.png);
      const dimensions = size === null ? '' : ` width="${size.width}" height="${size.height}"`;
      const caption = b.caption === undefined ? '' : `<figcaption>${escapeHtml(b.caption)}</figcaption>`;
      return `<figure><img alt="${escapeHtml(b.alt)}"${dimensions} loading="lazy" decoding="async" src="data:image/png;base64,${b.png.toString('base64')}">${caption}</figure>`;
    }
    case 'contents': {
      const entries = blocks.slice(index + 1).filter((h): h is Extract<Block, { kind: 'heading' }> => h.kind === 'heading' && h.level <= b.depth);
      const top = Math.min(...entries.map((h) => h.level));
      const items = entries.map((h) => `<li class="level-${h.level - top + 3}"><a href="#${ids.get(h)}">${escapeHtml(h.text)}</a></li>`);
      return `<nav class="contents" aria-label="contents"><p><strong>Contents</strong></p>\n<ul>\n${items.join('\n')}\n</ul></nav>`;
    }
    case 'explorer':
      return explorerHtml(b.data, block(b.ranking, index, blocks, ids));
  }
}

/**
 * The report as one self-contained HTML page: styles inline, every chart embedded as a data URL
 * (lazily decoded), a contents list linking every heading, and a content security policy that
 * lets the page load nothing from anywhere and run no script but the weights explorer's, by its
 * hash. Everything but the explorer's sliders reads the same with scripts off.
 */
export function renderHtml(title: string, sections: readonly Section[]): string {
  const blocks = sections.flatMap((s) => s.blocks);
  const ids = anchorIds(blocks);
  const script = blocks.some((b) => b.kind === 'explorer') ? `; script-src ${EXPLORER_SCRIPT_HASH}` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'${script}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...blocks.map((b, i) => block(b, i, blocks, ids)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
