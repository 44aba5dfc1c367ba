import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadDecision, parseDecision } from '../../src/analysis/decision-file.js';
import { formatNumber } from '../../src/analysis/format.js';
import { image } from '../../src/report/document.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { sensitivityBullets, sensitivitySections } from '../../src/report/sensitivity-md.js';
import { describeCost, planSensitivity, runSensitivity } from '../../src/analysis/sensitivity-study.js';
import { InputError } from '../../src/errors.js';
import * as job from '../../src/model/job.js';
import { loadScenarioDocument } from '../../src/scenario/load.js';

// Count every simulated job where the simulator really runs them.
vi.mock('../../src/model/job.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/model/job.js')>();
  return { ...original, simulateJob: vi.fn(original.simulateJob) };
});
const simulated = vi.mocked(job.simulateJob);
beforeEach(() => {
  simulated.mockClear(); // a block: a hook returning the mock would have it called as a teardown
});

/**
 * Index shift resumes at StartAtDocumentNumber + DocumentsExported in the live query: a record
 * inserted ahead of that offset during the pause pushes an exported record past it, to be exported
 * again. The stop comes about 60 s into an 80 s job (8000 documents at 100 per second, batch steps
 * without fixed costs, sort-key order so inserts land anywhere): two thirds of the pause's inserts
 * land ahead, ~1000 duplicates at 3000 inserts per hour. The batch size moves the count only
 * through the cut-off batch that DocumentsExported over-counts (100 to 400 records). The insert
 * rate must dominate.
 */
const baseDoc = {
  name: 'dominant',
  source: { documents: 8000, order: 'sort-key' },
  exporter: { docsPerSecond: 100, batchSize: 200, prepareSeconds: 0, validateSeconds: 0 },
  stops: [{ at: 60, downtime: 3600 }],
  churn: { insertsPerHour: 1500 },
};

const decisionWith = (sensitivity: object, budget = 300) =>
  parseDecision(
    {
      budget,
      criteria: { duplicates: { weight: 1, direction: 'min' }, misses: { weight: 1, direction: 'min' }, effort: { weight: 1, direction: 'min' } },
      inputs: { 'status-quo': { iapiChanges: 0, effort: 1 }, 'index-shift': { iapiChanges: 1, effort: 2 }, 'temp-table': { iapiChanges: 2, effort: 3 } },
      sensitivity: { base: 'dominant.yaml', ...sensitivity },
    },
    'd.yaml',
  );

const dominance = decisionWith({
  strategies: ['index-shift', 'temp-table'],
  metrics: ['duplicates'],
  parameters: [
    { path: 'exporter.batchSize', low: 100, high: 400, integer: true },
    { path: 'churn.insertsPerHour', low: 0, high: 3000 },
  ],
  morris: { trajectories: 4, levels: 4, seed: 1 },
});

describe('sensitivity over the simulator', () => {
  it('finds that the insert rate, not the batch size, drives index-shift duplicates', () => {
    const plan = planSensitivity(dominance, baseDoc, 'dominant.yaml');
    const result = runSensitivity(plan, dominance);
    const tornado = result.tornados.find((t) => t.strategy === 'index-shift')!.tornado;
    expect(tornado.bars.map((b) => b.name)).toEqual(['churn.insertsPerHour', 'exporter.batchSize']);
    expect(tornado.bars[0].outputLow).toBe(0); // no inserts, no duplicates
    expect(tornado.bars[0].outputHigh).toBeGreaterThan(800);
    expect(tornado.bars[0].swing).toBeGreaterThan(4 * tornado.bars[1].swing); // 1113 against 166
    const screening = result.screenings.find((s) => s.strategy === 'index-shift')!.morris;
    expect(screening.factors.map((f) => f.name)).toEqual(['churn.insertsPerHour', 'exporter.batchSize']);
    expect(screening.factors[0].muStar).toBeGreaterThan(4 * screening.factors[1].muStar); // 1161 against 140
    // The frozen temp table is immune: no duplicates anywhere, no effect at all.
    const frozen = result.tornados.find((t) => t.strategy === 'temp-table')!.tornado;
    expect(frozen.bars.every((b) => b.swing === 0 && b.outputHigh === 0)).toBe(true);
    // decision.md says so, with the numbers.
    const text = renderMarkdown(sensitivitySections(result, dominance, describeCost(plan)).slice(0, 1));
    const [top, runnerUp] = screening.factors;
    // Dominant only because μ*'s interval clears the runner-up's.
    expect(top.muStarLow).toBeGreaterThan(runnerUp.muStarHigh);
    expect(top.muStarLow).toBeLessThanOrEqual(top.muStar);
    expect(top.muStarHigh).toBeGreaterThanOrEqual(top.muStar);
    const ci = `[${formatNumber(top.muStarLow)}, ${formatNumber(top.muStarHigh)}]`;
    // Markdown escapes the interval's brackets in a table cell.
    expect(text).toContain(`| \`duplicates\` | \`churn.insertsPerHour\` (${formatNumber(top.muStar)} ${ci.replace('[', '\\[').replace(']', '\\]')}) | none (constant) |`);
    expect(text).toContain(`| \`churn.insertsPerHour\` | 0 → 3,000 | 0 → ${formatNumber(tornado.bars[0].outputHigh)} | 0 → 0 |`);
    expect(sensitivityBullets(result, 'index-shift')).toEqual([
      [
        '(-) its duplicate rows per run varies most with ',
        { code: 'churn.insertsPerHour' },
        ` (Morris μ* ${formatNumber(top.muStar)} ${ci}; tornado 0 → ${formatNumber(tornado.bars[0].outputHigh)} as `,
        { code: 'churn.insertsPerHour' },
        ' goes 0 → 3,000)',
      ],
    ]);
    expect(sensitivityBullets(result, 'temp-table')).toEqual([]);
  });

  it('makes exactly the runs it states before it starts', () => {
    const plan = planSensitivity(dominance, baseDoc, 'dominant.yaml');
    expect(simulated).not.toHaveBeenCalled(); // planning simulates nothing
    // 1 + 2·2 tornado points and 4 · (2 + 1) Morris points, less those that coincide.
    const planned = 5 + 12;
    expect(plan.points.length).toBeLessThanOrEqual(planned);
    expect(plan.runs).toBe(plan.points.length * 1 * 2);
    expect(describeCost(plan)).toBe(
      `${plan.points.length} points (tornado 5, Morris 12, map 0${planned > plan.points.length ? `, ${planned - plan.points.length} shared` : ''}) × 1 seed × 2 strategies = ${plan.runs} simulation runs on dominant.yaml`,
    );
    runSensitivity(plan, dominance);
    expect(simulated).toHaveBeenCalledTimes(plan.runs);
  });

  it('draws the decision map: the choice per cell, and says where no strategy is feasible', () => {
    // 1000 documents are done before the stop request at 60 s (nothing to stop); 8000 take ~87 s,
    // so status quo, which does not drain-stop, runs on ~27 s (over this decision's 20 s budget)
    // and index shift loses the batch DocumentsExported over-counts (misses): each breaks one
    // constraint the other meets, so none is feasible.
    const decision = decisionWith(
      {
        strategies: ['status-quo', 'index-shift'],
        seeds: 2,
        parameters: [{ path: 'churn.insertsPerHour', low: 0, high: 100 }],
        morris: { trajectories: 1 },
        map: { x: { path: 'source.documents', values: [1000, 8000] }, y: { path: 'churn.insertsPerHour', values: [0] } },
      },
      20,
    );
    const plan = planSensitivity(decision, baseDoc, 'dominant.yaml');
    const result = runSensitivity(plan, decision);
    const { map } = result;
    expect(map).toMatchObject({ x: 'source.documents', y: 'churn.insertsPerHour', xValues: [1000, 8000], yValues: [0] });
    const [small, large] = map!.cells[0];
    expect(small).toMatchObject({ x: 1000, y: 0, feasible: ['status-quo', 'index-shift'] });
    expect(small.choice).toMatchObject({ kind: 'chosen', strategies: ['status-quo'] });
    expect(large).toMatchObject({ x: 8000, y: 0, feasible: [], choice: { kind: 'none', strategies: [] } });
    const chart = (key: string) => (key === 'map' ? [image({ src: 'charts/decision-map.png', alt: 'Decision map', png: Buffer.alloc(0) })] : []);
    const text = renderMarkdown(sensitivitySections(result, decision, describeCost(plan), chart).slice(1));
    expect(text).toContain('Over the 2 cells: none feasible in 1 and status-quo in 1.');
    expect(text).toContain('![Decision map](charts/decision-map.png)');
    expect(text).toContain('| churn.insertsPerHour \\\\ source.documents | 1,000 | 8,000 |\n| --- | --- | --- |\n| 0 | status-quo | none feasible |');
    expect(simulated).toHaveBeenCalledTimes(plan.runs);
    expect(plan.seeds).toEqual([1, 2]);
  });

  it('plans the shipped decision file study: every point a valid scenario, the cost the README states', () => {
    const decision = loadDecision('scenarios/decision.yaml');
    const plan = planSensitivity(decision, loadScenarioDocument('scenarios/decision-base-scenario.yaml'), 'scenarios/decision-base-scenario.yaml');
    expect(describeCost(plan)).toBe(
      '97 points (tornado 13, Morris 70, map 20, 6 shared) × 2 seeds × 10 strategies = 1940 simulation runs on scenarios/decision-base-scenario.yaml',
    );
    expect(simulated).not.toHaveBeenCalled();
  });

  it('takes base values as the file gives them or as they default, durations in seconds', () => {
    const decision = decisionWith({
      parameters: [
        { path: 'job.tempTableRetention', low: 600, high: 7200 },
        { path: 'stops[0].downtime', low: 60, high: 600 },
        { path: 'exporter.jitter', low: 0, high: 0.5 },
      ],
    });
    const doc = { ...baseDoc, stops: [{ at: 60, downtime: '1h' }] };
    expect(planSensitivity(decision, doc, 'dominant.yaml').base).toEqual({ 'job.tempTableRetention': 7 * 24 * 3600, 'stops[0].downtime': 3600, 'exporter.jitter': 0 });
    const given = planSensitivity(decision, { ...doc, job: { tempTableRetention: '2h' } }, 'dominant.yaml');
    expect(given.base['job.tempTableRetention']).toBe(7200);
    // Each point is the file with the parameters set: the retention really reaches the scenario.
    expect(new Set(given.points.map((p) => p.scenario.job.tempTableRetentionSeconds))).toEqual(new Set([...given.points.map((p) => p.values['job.tempTableRetention'])]));
  });

  it('refuses, before any run, what the base scenario cannot take', () => {
    const errorOf = (decision: ReturnType<typeof decisionWith>, doc: object = baseDoc) => {
      try {
        planSensitivity(decision, doc, 'dominant.yaml');
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      throw new Error('expected an InputError');
    };
    const one = (p: object) => decisionWith({ parameters: [p] });
    expect(errorOf(one({ path: 'source.order', low: 0, high: 1 }))).toBe(
      'd.yaml: sensitivity.parameters[0].path: source.order is "sort-key" in dominant.yaml, not a number; allowed: a numeric field of the base scenario (with its defaults), like churn.insertsPerHour or stops[0].downtime',
    );
    expect(errorOf(one({ path: 'stops[3].at', low: 0, high: 1 }))).toMatch(/sensitivity\.parameters\[0\]\.path: stops\[3\]\.at is nothing in dominant\.yaml/);
    expect(errorOf(one({ path: 'exporter.batchSize', low: 100, high: 401 }))).toMatch(
      /^d\.yaml: sensitivity: at exporter\.batchSize=\d+\.\d+.* the base scenario is invalid \(dominant\.yaml: exporter\.batchSize: got \d+\.\d+; allowed: an integer .*\); allowed: .*integer: true/,
    );
    expect(errorOf(one({ path: 'churn.insertsPerHour', low: 0, high: 1 }), { ...baseDoc, sweep: [] })).toMatch(/sensitivity\.base: dominant\.yaml is a sweep file/);
    expect(simulated).not.toHaveBeenCalled();
  });
});
