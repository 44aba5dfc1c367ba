import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFleetFile } from '../../src/fleet/load.js';
import { parseFleet } from '../../src/fleet/schema.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { inputErrorOf } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'drainsim-fleet-schema-'));
let n = 0;
/** A fleet file with the given YAML text; its InputError message, or 'ok'. */
function load(text: string): string {
  const file = join(dir, `f${n++}.yaml`);
  writeFileSync(file, text);
  try {
    loadFleetFile(file);
    return 'ok';
  } catch {
    return inputErrorOf(() => loadFleetFile(file)).message.replace(`${file}: `, '');
  }
}

const BASE = 'kind: fleet\nname: t\nworkload: { jobsPerDay: 10, documents: { median: 1000, p99: 20000 } }\nagents: 2\n';

describe('fleet files', () => {
  it('load the shipped examples', () => {
    for (const f of ['small', 'medium', 'large']) expect(loadFleetFile(`scenarios/fleet/${f}.yaml`).name).toBe(`${f} deployment`);
  });

  it('fill the stated defaults', () => {
    const fleet = parseFleet({ kind: 'fleet', name: 't', workload: { jobsPerDay: 10, documents: { median: 1000, p99: 20000 } }, agents: 2 });
    expect(fleet).toMatchObject({ seed: 1, runs: 5, horizon: 30 * 86_400, agents: 2, breakEven: null, job: {} });
    expect(fleet.workload.byHour).toEqual(Array(24).fill(1));
    expect(fleet.workload.documents.max).toBe(200_000);
    expect(fleet.workload.churn.insertsPerHour).toEqual({ median: 0, p99: 0 });
    expect(fleet.upgrades).toEqual({ first: 86_400 + 7200, every: 7 * 86_400, downtime: 600, agentsAtOnce: 2, waveInterval: 0 });
    expect(fleet.threshold).toEqual({ redoneHoursPerMonth: 24, budgetMissesPerMonth: 0 });
    expect(fleet.resolution).toEqual({ sizeStepsPerOctave: 4, churnStep: 0.5, offsetSteps: 64, jobSeeds: 8 });
  });

  it.each<[string, string, RegExp]>([
    ['no kind', 'name: t\nagents: 2\n', /^kind: missing \(required\); allowed: fleet \(a fleet file; a scenario file has no kind/],
    ['an unknown key', `${BASE}agnets: 3\n`, /^agnets: unknown key; allowed: known keys: kind, name/],
    ['a p99 below the median', BASE.replace('p99: 20000', 'p99: 10'), /^workload\.documents\.p99: 10 is below the median 1000; allowed: p99 at least the median/],
    ['a churn rate below 0', `${BASE.replace('agents: 2\n', '')}agents: 2\n`.replace('documents:', 'churn: { deletesPerHour: -1 }, documents:'), /^workload\.churn\.deletesPerHour: got -1; allowed: a number from 0 to 10000000, or a mapping \{ median, p99 \}/],
    ['a churn lognormal with p99 below its median', BASE.replace('documents:', 'churn: { insertsPerHour: { median: 50, p99: 5 } }, documents:'), /^workload\.churn\.insertsPerHour\.p99: below the median; allowed: a mapping \{ median, p99 \}/],
    ['23 hourly weights', BASE.replace('documents:', `byHour: [${Array(23).fill(1).join(', ')}], documents:`), /^workload\.byHour: got a list of 23 items; allowed: a list of 24 numbers/],
    ['every hourly weight 0', BASE.replace('documents:', `byHour: [${Array(24).fill(0).join(', ')}], documents:`), /^workload\.byHour: every weight is 0; allowed: a list of 24 numbers/],
    ['too many jobs', BASE.replace('jobsPerDay: 10', 'jobsPerDay: 100000'), /^workload\.jobsPerDay: 100000 jobs a day over 30 days make 3000000 jobs; allowed: jobsPerDay × horizon in days at most 2000000$/],
    ['a wave larger than the fleet', `${BASE}upgrades: { rolling: { agentsAtOnce: 3, interval: 30m } }\n`, /^upgrades\.rolling\.agentsAtOnce: 3 of 2 agents; allowed: at most the fleet's 2 agents$/],
    ['a rolling upgrade without its interval', `${BASE}upgrades: { rolling: { agentsAtOnce: 1 } }\n`, /^upgrades\.rolling\.interval: missing \(required\)/],
    ['upgrades too often', `${BASE}upgrades: { every: 1m }\n`, /^upgrades\.every: \d+ upgrades in the horizon; allowed: at most 1000 upgrades/],
    ['break-even values out of order', `${BASE}breakEven: { values: [20, 10] }\n`, /^breakEven\.values\[1\]: 10 after 20; allowed: values in increasing order$/],
    ['a break-even median above the p99', `${BASE}breakEven: { parameter: documents.median, values: [500, 50000] }\n`, /^breakEven\.values\[1\]: a median of 50000 documents; allowed: whole numbers of documents from 1 to workload\.documents\.p99 \(20000\)$/],
    ['an unknown break-even strategy', `${BASE}breakEven: { strategy: magic, values: [1] }\n`, /^breakEven\.strategy: got "magic"; allowed: one of status-quo, restart, /],
    ['stops in the job', `${BASE}job: { stops: [ { at: 10 } ] }\n`, /^job\.stops: set by the fleet for each job; allowed: scenario keys other than those the fleet sets per job/],
    ['documents in the job', `${BASE}job: { source: { documents: 5 } }\n`, /^job\.source\.documents: set by the fleet for each job; allowed: workload\.documents/],
    ['a bad scenario value in the job', `${BASE}job: { exporter: { batchSize: -5 } }\n`, /^job\.exporter\.batchSize: got -5; allowed: an integer from 1 to 1000000$/],
    ['an unknown scenario key in the job', `${BASE}job: { exporter: { batchsize: 5 } }\n`, /^job\.exporter\.batchsize: unknown key; allowed: known keys: batchSize/],
    ['a largest job beyond a scenario bound', BASE.replace('p99: 20000', 'p99: 20000, max: 40000000').replace('agents: 2', 'agents: 2\njob: { files: { pagesPerDoc: 10 } }'), /^job\.files\.pagesPerDoc: up to 40000000 records would have 400000000 image pages \(in the largest job the fleet can draw: workload\.documents\.max 40000000 documents, meeting one upgrade\); allowed: records × pagesPerDoc/],
  ])('refuse %s with one line naming the field and what is allowed', (_what, text, message) => {
    expect(load(text)).toMatch(message);
  });

  it('are refused by the scenario loader, which names the fleet command', () => {
    expect(inputErrorOf(() => loadScenarioFile('scenarios/fleet/small.yaml')).message).toBe(
      "scenarios/fleet/small.yaml: kind: a fleet file, not a scenario; allowed: a scenario file here; run a fleet file with 'drainsim fleet <file> --out <dir>'",
    );
  });
});
