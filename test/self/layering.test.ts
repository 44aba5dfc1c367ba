import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under `dir`, as a path relative to the repository root. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** `import ... from`, `export ... from`, `import '...'` and `import('...')` with a literal relative specifier, type imports included. */
const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s*'(\.[^']+)'|^\s*import\s*'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/gm;

/** The import graph of src: file → the files of src it imports (type-only imports count: they tie the modules too). */
export function importGraph(root = 'src'): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => relative('.', join(dirname(file), (m[1] ?? m[2] ?? m[3]).replace(/\.js$/, '.ts'))));
    graph.set(relative('.', file), [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('one-way flow: results → analysis → report writers', () => {
  const graph = importGraph();
  const inLayers = (file: string) => file.startsWith('src/report/') || file.startsWith('src/analysis/');

  it('reads the imports it checks (suite-report imports anomalies)', () => {
    expect(graph.get('src/report/suite-report.ts')).toContain('src/report/anomalies.ts');
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it('src/report and src/analysis hold no import cycle', () => {
    expect(cycles(graph).filter((c) => c.some(inLayers))).toEqual([]);
  });

  it('src/analysis computes and never imports a writer of src/report', () => {
    const upward = [...graph].flatMap(([file, targets]) => (file.startsWith('src/analysis/') ? targets.filter((t) => t.startsWith('src/report/')).map((t) => `${file} -> ${t}`) : []));
    expect(upward).toEqual([]);
  });
});
