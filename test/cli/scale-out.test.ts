import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';
import { folderFiles } from '../helpers.js';

/**
 * Sharded suites on engines users already have: GNU parallel on one machine (the README's lines),
 * a GitHub Actions matrix and a Kubernetes Indexed Job (examples/scale-out/, their own shard and
 * merge commands run here), each merged and compared with one `suite` run byte for byte.
 */
const root = mkdtempSync(join(tmpdir(), 'drainsim-scale-out-'));
const scenarios = join(root, 'scenarios');
mkdirSync(scenarios);
// 7 + 4 (scenario, seed) pairs: every one of 8 shards has work.
writeFileSync(join(scenarios, 'a.yaml'), 'name: a\nseed: 1\nruns: 7\nsource: { documents: 3000 }\nstops: [ { at: 20, downtime: 10m } ]\nchurn: { insertsPerHour: 2000 }\n');
writeFileSync(join(scenarios, 'b.yaml'), 'name: b\nseed: 5\nruns: 4\nsource: { documents: 2000, order: sort-key }\nstops: [ { at: 10, downtime: 60 } ]\n');
const single = join(root, 'single');

/** A shell line, run from the repository root (where `npx drainsim` finds the package). */
function sh(line: string, env: Record<string, string> = {}): void {
  const r = spawnSync('bash', ['-c', line], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.status, `${line}\n${r.stderr}`).toBe(0);
}


function expectSameAsSingle(dir: string): void {
  const expected = folderFiles(single);
  const got = folderFiles(dir);
  expect([...got.keys()]).toEqual([...expected.keys()]);
  for (const [name, bytes] of expected) expect(got.get(name)!.equals(bytes), `${name} differs`).toBe(true);
}

describe('sharded suites on existing engines', () => {
  beforeAll(() => sh(`node ${BIN} suite ${scenarios} --out ${single}`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("GNU parallel: the README's lines run 4 shards and merge them byte-identically with a single run", () => {
    const lines = readFileSync('README.md', 'utf8').split('\n');
    const shards = lines.find((l) => l.startsWith('parallel '))!;
    const merge = lines[lines.indexOf(shards) + 1];
    expect(shards).toContain('--shard {}/4');
    expect(merge).toMatch(/^npx drainsim merge /);
    const here = (line: string) => line.replace(' scenarios ', ` ${scenarios} `).replaceAll('out/', `${root}/parallel/`).replace('reports/all', `${root}/parallel-all`);
    sh(here(shards).replace(/^parallel /, 'parallel --will-cite '));
    sh(here(merge));
    expectSameAsSingle(join(root, 'parallel-all'));
  });

  it('GitHub Actions: the matrix covers every shard, and its shard and merge steps merge byte-identically', () => {
    const workflow = parse(readFileSync('examples/scale-out/github-actions.yml', 'utf8'));
    const n = Number(workflow.env.SHARDS);
    expect(workflow.jobs.shard.strategy.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(workflow.jobs.merge.needs).toBe('shard');
    const step = (job: string, pattern: RegExp) => (workflow.jobs[job].steps as { run?: string }[]).map((s) => s.run).find((r) => r !== undefined && pattern.test(r))!;
    const out = join(root, 'gha');
    // npx drainsim runs bin/drainsim.mjs (the parallel test goes through npx): here without npm's start-up, 9 times.
    const shardStep = step('shard', /drainsim suite/).replace('npx drainsim', `node ${BIN}`);
    const mergeStep = step('merge', /drainsim merge/).replace('npx drainsim', `node ${BIN}`);
    for (let shard = 1; shard <= n; shard++) sh(shardStep.replace('${{ matrix.shard }}', String(shard)).replace('${{ matrix.shard }}', String(shard)).replaceAll('out/', `${out}/`), { SHARDS: String(n), SCENARIOS: scenarios });
    sh(mergeStep.replaceAll('out/', `${out}/`).replace('reports/all', `${out}-all`));
    expectSameAsSingle(`${out}-all`);
  });

  it('Kubernetes: an Indexed Job whose pods run each shard once, and a merge Job of all its shards', () => {
    const [claim, job] = parseAllDocuments(readFileSync('examples/scale-out/kubernetes-job.yaml', 'utf8')).map((d) => d.toJS());
    const mergeJob = parse(readFileSync('examples/scale-out/kubernetes-merge-job.yaml', 'utf8'));
    expect(claim.kind).toBe('PersistentVolumeClaim');
    expect(job.spec.completionMode).toBe('Indexed');
    const container = job.spec.template.spec.containers[0];
    const n = Number(container.env.find((e: { name: string }) => e.name === 'SHARDS').value);
    expect(job.spec.completions).toBe(n);
    const mergeArgs: string = mergeJob.spec.template.spec.containers[0].args[0];
    expect(mergeArgs.match(/\/out\/shard-\d+/g)).toEqual(Array.from({ length: n }, (_, i) => `/out/shard-${i + 1}`));
    const out = join(root, 'k8s');
    const here = (line: string) => line.replace(' scenarios ', ` ${scenarios} `).replaceAll('/out/', `${out}/`);
    const pod = here(container.args[0]);
    for (let index = 0; index < n; index++) sh(pod, { JOB_COMPLETION_INDEX: String(index), SHARDS: String(n) });
    // A pod retried after its shard finished resumes it: nothing is run again.
    sh(pod, { JOB_COMPLETION_INDEX: '0', SHARDS: String(n) });
    sh(here(mergeArgs));
    expectSameAsSingle(`${out}/all`);
  });
});
