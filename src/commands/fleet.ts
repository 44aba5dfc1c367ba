import { intOption, parseCommand, usageOf } from '../cli-args.js';
import { InputError } from '../errors.js';
import { churnOfBucket } from '../fleet/draw.js';
import { inProcessRunner, poolRunner, Simulations } from '../fleet/executor.js';
import { jobScenario } from '../fleet/job-scenario.js';
import { loadFleetFile } from '../fleet/load.js';
import { FLEET_OUTPUTS, writeFleetReport } from '../fleet/report/write.js';
import { runFleet } from '../fleet/run-fleet.js';
import { FLEET_LIMITS } from '../fleet/schema.js';
import { OutputFolder } from '../io/output-folder.js';
import { LIMITS } from '../scenario/limits.js';
import { STRATEGIES } from '../strategies/registry.js';
import { defaultJobs } from '../suite/run-suite.js';
import { FLEET } from './specs.js';

/**
 * `fleet`: a whole deployment's export jobs over a horizon of upgrades, every strategy of the
 * registry, the break-even sweep, and the report (answer first) in --out.
 */
export async function fleetCommand(args: string[], log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<string> {
  const { values, positionals } = parseCommand(FLEET, args);
  const [file] = positionals;
  if (values.out === undefined) throw new InputError({ problem: 'missing --out', path: 'fleet', allowed: usageOf(FLEET) });
  const seed = intOption(values.seed, 'seed', 0, LIMITS.seed);
  const runs = intOption(values.runs, 'runs', 1, FLEET_LIMITS.runs);
  // --jobs 0 simulates in this thread (no worker pool): the same results, for small fleets and debugging.
  const jobs = intOption(values.jobs, 'jobs', 0, 256) ?? defaultJobs();
  const fleet = loadFleetFile(file);
  if (seed !== undefined) fleet.seed = seed;
  if (runs !== undefined) fleet.runs = runs;
  // Locked while it writes; --force removes only the files drainsim wrote there (io/output-folder.ts).
  const folder = OutputFolder.claim(values.out, values.force ?? false, FLEET_OUTPUTS, 'fleet', '--force to replace its fleet report, or a new folder');
  try {
    return await simulateFleet(file, fleet, jobs, values.out, log);
  } finally {
    folder.close();
  }
}

async function simulateFleet(file: string, fleet: ReturnType<typeof loadFleetFile>, jobs: number, out: string, log: (line: string) => void): Promise<string> {
  const strategies = STRATEGIES.map((s) => s.id);
  const sweep = fleet.breakEven === null ? '' : `; break-even: ${fleet.breakEven.strategy} at ${fleet.breakEven.values.length} values of ${fleet.breakEven.parameter}`;
  log(`fleet: ${fleet.name}: ${fleet.runs} fleet run${fleet.runs === 1 ? '' : 's'} × ${strategies.length} strategies${sweep}; ${jobs === 0 ? 'in this thread' : `${jobs} worker thread${jobs === 1 ? '' : 's'}`}`);
  const sims = new Simulations(jobs === 0 ? inProcessRunner() : poolRunner(jobs));
  let outcome;
  try {
    outcome = await runFleet(fleet, strategies, sims, file);
  } catch (e) {
    // A bound met as a job ran (bad input found late) names the fleet file.
    if (e instanceof InputError && e.file === undefined) throw new InputError({ file, path: e.path, problem: e.problem, allowed: e.allowed });
    throw e;
  } finally {
    await sims.close();
  }
  const medianJob = jobScenario(fleet, { documents: fleet.workload.documents.median, churn: churnOfBucket(fleet, 0), stops: [] }, file);
  const chosen = writeFleetReport(out, { file, outcome, medianJob }).strategy;
  log(`fleet: ${outcome.simulations.ran} single-job simulations run (${outcome.simulations.asked} asked for; the rest reused)`);
  return `fleet: ${chosen === null ? 'no strategy is acceptable' : `recommended: ${chosen}`}; report in ${out}/report.md and report.html`;
}
