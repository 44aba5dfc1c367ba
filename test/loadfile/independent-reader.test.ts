import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the reader behind verify is independent of the writer', () => {
  it('src/loadfile/review imports nothing but its own files and Node', () => {
    const dir = 'src/loadfile/review';
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const specifiers = [...readFileSync(`${dir}/${f}`, 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((m) => m[1]);
      for (const s of specifiers) expect(s, `${f} imports ${s}`).toMatch(/^(\.\/|node:)/);
    }
  });
});
