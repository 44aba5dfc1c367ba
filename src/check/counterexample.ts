import { Document, isMap, isSeq, type Node } from 'yaml';
import { defaultScenario } from '../scenario/defaults.js';
import { scenarioFileSchema } from '../scenario/schema.js';
import type { Scenario, ScriptedEvent } from '../scenario/types.js';

type Section = Record<string, unknown>;

/** The keys the schema gives a section of the scenario file. */
const fileKeys = (section: 'job' | 'faults'): ReadonlySet<string> => new Set(Object.keys(scenarioFileSchema.shape[section].unwrap().shape));

/**
 * The keys of `given` whose values differ from `defaults`, under their YAML keys: a key the
 * section's schema does not have (`yamlKeys`) is a duration the file names without "Seconds".
 */
function changed(given: object, defaults: object, yamlKeys?: ReadonlySet<string>, skip: string[] = []): Section {
  const out: Section = {};
  for (const [key, value] of Object.entries(given)) {
    if (skip.includes(key)) continue;
    if (JSON.stringify(value) === JSON.stringify((defaults as Section)[key])) continue;
    out[yamlKeys === undefined || yamlKeys.has(key) ? key : key.replace(/Seconds$/, '')] = value;
  }
  return out;
}

function eventForm(e: ScriptedEvent): Section {
  const { at, kind, ...body } = e;
  return { at, [kind]: body };
}

/**
 * A resolved scenario as a scenario file (README "Scenario files"): the keys that differ from
 * the defaults, with the stops and scripted events always written out. `loadScenarioText` reads
 * it back to an equal scenario, so a counterexample replays exactly. `comments` become the
 * file's leading comment lines.
 */
export function scenarioToYaml(sc: Scenario, comments: readonly string[] = []): string {
  const d = defaultScenario();
  const doc: Section = { name: sc.name };
  if (sc.description !== '') doc.description = sc.description;
  doc.seed = sc.seed;
  doc.runs = sc.runs;
  doc.source = { ...changed(sc.source, d.source, undefined, ['documents', 'order']), documents: sc.source.documents, order: sc.source.order };
  const sections = { files: changed(sc.files, d.files), iapi: changed(sc.iapi, d.iapi), exporter: changed(sc.exporter, d.exporter), manager: changed(sc.manager, d.manager) };
  for (const [key, value] of Object.entries(sections)) if (Object.keys(value).length > 0) doc[key] = value;
  // A job's kill time defaults to the budget.
  const job = changed(sc.job, { ...d.job, killAfterSeconds: sc.budget }, fileKeys('job'));
  if (Object.keys(job).length > 0) doc.job = job;
  if (sc.budget !== d.budget) doc.budget = sc.budget;
  doc.stops = sc.stops.map((s) => ({ at: s.at, downtime: s.downtime }));
  const churn = changed(sc.churn, d.churn);
  if (Object.keys(churn).length > 0) doc.churn = churn;
  const faults = changed(sc.faults, d.faults, fileKeys('faults'), ['swarm']);
  const swarm = changed(sc.faults.swarm, d.faults.swarm);
  if (Object.keys(swarm).length > 0) faults.swarm = swarm;
  if (Object.keys(faults).length > 0) doc.faults = faults;
  doc.events = sc.events.map(eventForm);
  const assumptions = changed(sc.assumptions, d.assumptions);
  if (Object.keys(assumptions).length > 0) doc.assumptions = assumptions;

  const yaml = new Document(doc);
  // One line per stop and per event, as in the README's examples.
  for (const key of ['stops', 'events']) {
    const list = yaml.get(key, true) as Node | undefined;
    if (isSeq(list)) for (const item of list.items) if (isMap(item)) item.flow = true;
  }
  const header = comments.map((line) => `# ${line}`.trimEnd()).join('\n');
  return `${header}${header === '' ? '' : '\n'}${yaml.toString({ lineWidth: 0 })}`;
}
