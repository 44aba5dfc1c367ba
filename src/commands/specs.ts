import { commandSpec } from '../cli-args.js';
import { DEFAULT_PROPERTY, SELECTABLE_PROPERTIES } from '../check/properties.js';

/**
 * Every command's arguments and options, in one light module: \`drainsim --help\` and each
 * command's --help are drawn from here without loading what the commands run. Each command
 * reads its values with \`parseCommand(<its spec>, args)\`.
 */

export const RUN = commandSpec({
  name: 'run',
  summary: 'every strategy (or the chosen ones) on every seed of one scenario: a comparison table, or JSON',
  args: [{ name: 'scenario.yaml', description: 'a scenario file (a sweep file runs each of its variants)' }],
  options: {
    seed: { value: 'N', description: 'first seed', default: "the scenario's seed" },
    runs: { value: 'N', description: 'seeds to run', default: "the scenario's runs" },
    strategy: { value: 'id,id', description: 'strategies to run', default: 'all' },
    json: { description: 'print {"runs":[...]}, one object per seed and strategy, instead of the table' },
    'check-determinism': { description: 'run everything twice and compare (exit 1 on a difference)' },
    materialize: { value: 'dir', description: "also write each job's load files under this folder (what it will write is counted first)" },
    'rows-only': { description: 'with --materialize: the load files alone, without native and image files' },
    'max-bytes': { value: 'size', description: 'with --materialize: refuse to take more disk space than this (500M, 20G)', default: '1G' },
    yes: { description: 'with --materialize: write it whatever its size' },
    force: { description: 'with --materialize: replace job folders that exist' },
    'force-memory': { description: 'run even when the estimated peak memory exceeds what the process may use' },
  },
  example: 'drainsim run scenarios/design-record-example.yaml --runs 5 --strategy index-shift,keyset',
});

export const SUITE = commandSpec({
  name: 'suite',
  summary: 'every scenario x strategy x seed on all cores, resumable, then decision.md and the report',
  args: [{ name: 'file-or-dir', description: "scenario files, and folders of them (their *.yaml, not recursive; decision*.yaml skipped)", many: true }],
  options: {
    out: { value: 'dir', description: 'the suite folder to write', required: true },
    runs: { value: 'N', description: "seeds of every scenario", default: "each scenario's runs" },
    jobs: { value: 'N', description: 'worker threads', default: 'the number of cores' },
    resume: { description: 'finish an interrupted suite in --out without redoing a finished run' },
    shard: { value: 'i/n', description: "run only shard i of n (no report: join the shards with 'drainsim merge')", default: '1/1' },
    strategy: { value: 'id,id', description: 'strategies to run', default: 'all' },
    decision: { value: 'file', description: 'the decision file', default: 'scenarios/decision.yaml' },
    force: { description: 'replace the suite and report in a folder that is not empty' },
    'force-memory': { description: 'run even when the estimated peak memory exceeds what the process may use' },
  },
  example: 'drainsim suite scenarios --out reports/mine --jobs 2',
});

export const MERGE = commandSpec({
  name: 'merge',
  summary: "joins the folders of 'suite --shard i/n' into one suite folder, decision and report",
  args: [{ name: 'shard-dir', description: "the folders written by 'drainsim suite --shard i/n', every shard of one suite", many: true }],
  options: {
    out: { value: 'dir', description: 'the suite folder to write', required: true },
    decision: { value: 'file', description: 'the decision file', default: 'scenarios/decision.yaml' },
    force: { description: 'replace the suite and report in a folder that is not empty' },
  },
  example: 'drainsim merge out/1 out/2 out/3 --out reports/all',
});

export const DECIDE = commandSpec({
  name: 'decide',
  summary: 'ranks the strategies of a finished suite into decision.md and decision.json (and its robustness studies)',
  args: [{ name: 'suite-output-dir', description: "a folder written by 'drainsim suite' (or 'merge')" }],
  options: {
    decision: { value: 'file', description: 'the decision file', default: 'scenarios/decision.yaml' },
    sensitivity: { description: "also run the decision file's sensitivity study and decision map (states its run count first)" },
    assumptions: { description: 'also re-run the base scenario under every alternative of every assumption and IAPI capability: the choice under each' },
    discover: { description: 'also sample the sensitivity ranges (Latin hypercube) and find where each strategy breaks a constraint (PRIM boxes)' },
    json: { description: 'print decision.json on stdout (progress stays on stderr)' },
  },
  example: 'drainsim decide reports/mine --assumptions --discover',
});

export const EXPLAIN = commandSpec({
  name: 'explain',
  summary: "every anomaly of one strategy's run on one seed, explained in plain words",
  args: [{ name: 'scenario.yaml', description: 'a scenario file (a sweep file explains each of its variants)' }],
  options: {
    strategy: { value: 'id', description: 'the strategy', required: true },
    seed: { value: 'N', description: 'the seed', default: "the scenario's seed" },
  },
  example: 'drainsim explain scenarios/design-record-example.yaml --strategy index-shift',
});

export const CHECK = commandSpec({
  name: 'check',
  summary: 'property-tests a strategy over small scripted histories; a violation is shrunk to a scenario file',
  args: [],
  options: {
    strategy: { value: 'file.ts|id', description: 'a strategy module of your own (.ts, .mts, .js, .mjs) or a registry id', required: true },
    property: { value: 'P', description: `the property to check besides the laws always checked: ${SELECTABLE_PROPERTIES.join(', ')}`, default: DEFAULT_PROPERTY },
    runs: { value: 'N', description: 'scenarios to try', default: '300' },
    seed: { value: 'N', description: 'fast-check seed', default: '1' },
    faults: { description: 'draw named faults too' },
    out: { value: 'file.yaml', description: 'write a counterexample here instead of printing it' },
    replay: { value: 'scenario.yaml', description: 'run the strategy on this scenario file (a counterexample) and report the violation again' },
  },
  example: 'drainsim check --strategy examples/strategies/naive-offset.ts --out cx.yaml',
});

export const VERIFY = commandSpec({
  name: 'verify',
  summary: "reads materialized load files as a review platform would and sets their counts beside the oracle's",
  args: [{ name: 'dir', description: "a folder written by 'drainsim run --materialize' (or a job folder in it)" }],
  options: {
    against: { value: 'scenario.yaml', description: 'the scenario file that was materialized', required: true },
    seed: { value: 'N', description: 'only the jobs of this seed', default: 'every seed found' },
  },
  example: 'drainsim verify out/lf --against scenarios/design-record-example.yaml',
});

export const FLEET = commandSpec({
  name: 'fleet',
  summary: 'a whole deployment over a month of upgrades: what each strategy costs it, and at what usage restarting stops being good enough',
  args: [{ name: 'fleet.yaml', description: 'a fleet file (kind: fleet; docs/fleet-reference.md)' }],
  options: {
    out: { value: 'dir', description: 'the folder to write', required: true },
    seed: { value: 'N', description: 'first fleet seed', default: "the file's seed" },
    runs: { value: 'N', description: 'fleet runs (seeds)', default: "the file's runs" },
    jobs: { value: 'N', description: 'worker threads (0: in this thread)', default: 'the number of cores' },
    force: { description: 'replace the fleet report in a folder that is not empty' },
  },
  example: 'drainsim fleet scenarios/fleet/medium.yaml --out reports/fleet',
});
