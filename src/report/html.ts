import type { Block, Cell, Inline, Section } from './document.js';
import { escapeHtml } from './escape.js';

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.4; }
h2 { border-bottom: 2px solid #444; padding-bottom: .2em; }
h3 { border-bottom: 1px solid #aaa; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 85%; }
th, td { border: 1px solid #bbb; padding: .25em .5em; vertical-align: top; }
th, td { text-align: left; }
tbody tr:nth-child(even) { background: #f4f4f4; }
thead th { background: #e4e8ee; }
img { display: block; max-width: 100%; margin: 1em 0; border: 1px solid #ddd; }
code { background: #f0f0f0; padding: 0 .2em; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6em; overflow-x: auto; font-size: 85%; white-space: pre-wrap; }
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

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${inline(b.content)}</p>`;
    case 'list':
      return `<ul>\n${b.items.map((item) => `<li>${inline(item)}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const head = `<thead><tr>${b.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
      const cell = (c: Cell) => (typeof c === 'string' ? escapeHtml(c) : inline(c));
      const body = b.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cell(c)}</th>` : `<td>${cell(c)}</td>`)).join('')}</tr>`).join('\n');
      return `<table>\n${head}\n<tbody>\n${body}\n</tbody>\n</table>`;
    }
    case 'preformatted':
      return `<pre>${escapeHtml(b.text)}</pre>`;
    case 'image':
      return `<img alt="${escapeHtml(b.alt)}" src="data:image/png;base64,${b.png.toString('base64')}">`;
  }
}

/**
 * The report as one self-contained HTML page: styles inline, every chart embedded as a data URL,
 * and a content security policy that lets the page load nothing from anywhere.
 */
export function renderHtml(title: string, sections: readonly Section[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...sections.flatMap((s) => s.blocks.map(block)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
