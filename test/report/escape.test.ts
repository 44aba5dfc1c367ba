import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, escapeHtml, escapeMarkdown, escapeMarkdownStart } from '../../src/report/escape.js';
import { hostileReport, HOSTILE_DESCRIPTION, HOSTILE_NAME, ISSUE_NAME } from './hostile.js';
import { STRATEGIES } from '../../src/strategies/registry.js';

describe('escaping text from scenario files', () => {
  it('HTML: markup and quotes become entities', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')"> & co`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co');
  });

  it('Markdown: pipes, marks, links, HTML and line breaks cannot take effect', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) <b>h</b> & i\nj\r\nk')).toBe('a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) &lt;b&gt;h&lt;/b&gt; &amp; i j k');
    expect(escapeMarkdownStart('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdownStart('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdownStart('12. not a list')).toBe('12\\. not a list');
  });

  it('control characters (a file name can carry them) are shown escaped, never raw: no NUL or ESC in HTML, CSV or Markdown', () => {
    const name = 'scen\u0000ario\u001b[31m\u0007\u009b.yaml';
    expect(escapeHtml(name)).toBe('scen\\u0000ario\\u001b[31m\\u0007\\u009b.yaml');
    expect(csvCell(name)).toBe('scen\\u0000ario\\u001b[31m\\u0007\\u009b.yaml');
    expect(escapeMarkdown(name)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(escapeHtml('a\tb\nc')).toBe('a\tb\nc');
  });

  it('CSV: formula-like text gets a leading quote mark; commas, quotes and line breaks are quoted', () => {
    for (const f of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(f).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-1.5)).toBe('-1.5'); // numbers are not text from a file
    expect(csvCell(null)).toBe('');
  });
});

describe('the outputs of a suite whose scenario names hold markup, formula-like text and control characters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drainsim-hostile-'));
  hostileReport(dir);
  const md = readFileSync(join(dir, 'report.md'), 'utf8');
  const decision = readFileSync(join(dir, 'decision.md'), 'utf8');
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  const csv = readFileSync(join(dir, 'results.csv'), 'utf8');

  it('HTML shows the text and runs none of it', () => {
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<script/g)).toHaveLength(2); // the explorer's data and its script, nothing from a name
    expect(html).not.toMatch(/<script>[^<]*alert/);
    expect(html).toContain(escapeHtml(HOSTILE_NAME));
    expect(html).toContain(escapeHtml(ISSUE_NAME));
    expect(html).toContain(escapeHtml(HOSTILE_DESCRIPTION));
    expect(html.match(/<img /g)?.length).toBe(readdirSync(join(dir, 'charts')).length);
  });

  /** Markdown prose (fenced explanations aside) that shows the text: no raw HTML, no link, no table cell split. */
  function expectEscapedMarkdown(text: string, headings: RegExp) {
    // Fenced blocks (the explanations) show their text literally; everything else must be escaped.
    const fences = [...text.matchAll(/^(`{3,})text\n[\s\S]*?\n\1$/gm)];
    for (const [block, fence] of fences) expect(block.slice(fence.length, -fence.length)).not.toContain(fence);
    const prose = fences.reduce((all, [block]) => all.replace(block, ''), text);
    expect(prose).not.toMatch(/<img|<script/);
    expect(prose).not.toMatch(/(?<!\\)\]\((javascript:|y\))/);
    expect(text).toContain('\\[click\\](javascript:alert(1))');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;\\|\\*\\_\\[x\\](y)');
    expect(text.match(/^# .*/gm) ?? []).toEqual(text.match(headings) ?? []);
    // Every table row has the same number of unescaped pipes as its header.
    for (const table of text.split('\n\n').filter((b) => b.startsWith('|'))) {
      const cells = table.split('\n').map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(cells).size).toBe(1);
    }
    return fences.length;
  }

  it('report.md shows the text: no raw HTML, no link, no table cell split, no heading from a line break', () => {
    expect(expectEscapedMarkdown(md, /(?!)/g)).toBeGreaterThan(0);
  });

  it('decision.md shows the text the same way (its one title aside)', () => {
    expectEscapedMarkdown(decision, /^# RIP drain stop for Export to LoadFile.*$/gm);
    expect(decision).toContain('=HYPERLINK("http://x","y") &lt;img src=x onerror="window.xss=1"&gt; \\| \\*b\\*');
  });

  it('no control character reaches any output; an escape sequence shows escaped', () => {
    for (const [name, text] of [['report.md', md], ['decision.md', decision], ['report.html', html], ['results.csv', csv]]) {
      expect(text, name).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    }
    expect(html).toContain('Red \\u001b[31malert\\u001b[0m and a bell \\u0007 and NUL \\u0000.');
  });

  it('CSV: a name cell starts with a quote mark, and every row has the header\'s columns', () => {
    const rows = csv.trimEnd().split('\r\n');
    expect(rows.filter((r) => r.startsWith(`"'=HYPERLINK(`))).toHaveLength(2 * STRATEGIES.length);
    // Text cells are quoted (results.csv keeps its types for pandas, R and DuckDB).
    expect(rows.filter((r) => r.startsWith('"<img src=x onerror=alert(1)>|*_[x](y)",'))).toHaveLength(2 * STRATEGIES.length);
  });

  it('chart files are named from a slug of the name', () => {
    for (const f of readdirSync(join(dir, 'charts'))) expect(f).toMatch(/^[a-z0-9-]+\.png$/);
  });
});
