import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { assertNodeRuntime } from '@app/local-infra';
import { faultCatalog, NO_FAULT, type Fault } from './harness/fault-catalog';
import { clean, matrixTable, summarise, type MatrixCell } from './harness/fault-matrix';
import { FaultPlatform } from './harness/fault-platform';
import { proveOracleCanFail } from './harness/oracle-self-check';
import { POINTS, runFault, type Point, type RunOutcome, type WorkloadShape } from './harness/fault-run';

/**
 * `npm run faults`: the fault matrix. The whole platform runs with a broker and a database of its
 * own; for each fault (every service SIGKILLed and restarted, the broker killed, PostgreSQL
 * stopped immediately, the vault's broker connection stalled, every consumer group rewound), at
 * three points of a mixed workload, FAULT_RUNS times (5), the oracle checks that nothing was
 * lost, duplicated or reordered. FAULT_PROFILE=ci runs each fault once at one point, in turn.
 * FAULT_ONLY=<regex> picks faults by name. Results go to faults/results/<date>-<host>/.
 */
const profile = process.env.FAULT_PROFILE === 'ci' ? 'ci' : 'full';
const runs = Number(process.env.FAULT_RUNS ?? (profile === 'ci' ? 1 : 5));
const only = process.env.FAULT_ONLY ? new RegExp(process.env.FAULT_ONLY, 'i') : undefined;
// CI's run is shorter: each fault once, on fewer citizens (12 instead of 20).
const SHAPE: WorkloadShape = { windowMs: profile === 'ci' ? 6_000 : 10_000, arrivalEveryMs: 500, graceMs: 180_000 };

async function main(): Promise<void> {
  assertNodeRuntime();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const resultsDir = process.env.FAULT_RESULTS_DIR ?? resolve('faults/results', `${new Date().toISOString().slice(0, 10)}-${hostname()}`);
  say(`fault matrix (${profile}, ${runs} run${runs === 1 ? '' : 's'} per cell); starting the platform…`);
  const platform = await FaultPlatform.start({ stateDir: resolve('.state/faults'), kafkaPort: 29092, postgresPort: 55462, log: (line) => say(`  ${line}`) });
  const outcomes: RunOutcome[] = [];
  try {
    const faults = [NO_FAULT, ...faultCatalog(platform)].filter((fault) => !only || only.test(fault.name));
    const plan = cellsOf(faults);
    for (const [index, { fault, point }] of plan.entries()) {
      for (let run = 1; run <= runs; run += 1) {
        const outcome = await runFault(platform, fault, point, SHAPE);
        outcomes.push(outcome);
        const found = outcome.findings.length === 0 ? 'clean' : outcome.findings.map((f) => `${f.kind}: ${f.what}`).join('; ');
        const recovery = outcome.recoveryMs === undefined ? 'not recovered' : `recovered in ${(outcome.recoveryMs / 1000).toFixed(1)} s`;
        say(`[${index + 1}/${plan.length} run ${run}] ${fault.name} @ ${point}: ${outcome.journeys} journeys, ${outcome.unfinished} unfinished, ${recovery}, ${outcome.retries} retries (${outcome.inProgress} met their first try's claim); ${found}`);
        for (const failure of outcome.failures.slice(0, 3)) say(`    unfinished: ${failure}`);
        // After every run, so that a long matrix stopped early still leaves what it found.
        writeResults(resultsDir, outcomes);
      }
    }
    const problems = await proveOracleCanFail(platform, outcomes.at(-1)?.records ?? []);
    say(problems.length === 0 ? 'oracle self-check: a planted loss and a planted duplicate were both reported' : `oracle self-check FAILED: ${problems.join('; ')}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await platform.stop();
  }
  const cells = writeResults(resultsDir, outcomes);
  say(`\n${matrixTable(cells)}\n\nresults in ${resultsDir}`);
  if (!clean(cells)) {
    say('the matrix is not clean: see the findings above');
    process.exitCode = 1;
  }
}

function writeResults(dir: string, outcomes: readonly RunOutcome[]): MatrixCell[] {
  const cells = summarise(outcomes);
  mkdirSync(dir, { recursive: true });
  const runsWithoutRecords = outcomes.map(({ records: _records, ...outcome }) => outcome);
  writeFileSync(resolve(dir, 'fault-matrix.json'), `${JSON.stringify({ profile, runs, shape: SHAPE, cells, outcomes: runsWithoutRecords }, null, 2)}\n`);
  writeFileSync(resolve(dir, 'fault-matrix.md'), `# Fault matrix, ${new Date().toISOString()}\n\nCommand: \`${commandLine()}\`\n\n${matrixTable(cells)}\n`);
  return cells;
}

/** Every fault at every point, or in CI each fault once, its point taking turns. */
function cellsOf(faults: readonly Fault[]): { fault: Fault; point: Point }[] {
  const points = Object.keys(POINTS) as Point[];
  if (profile === 'full') return faults.flatMap((fault) => points.map((point) => ({ fault, point })));
  return faults.map((fault, index) => ({ fault, point: points[index % points.length] }));
}

function commandLine(): string {
  const settings = ['FAULT_PROFILE', 'FAULT_RUNS', 'FAULT_ONLY'].filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]}`);
  return [...settings, 'npm run faults'].join(' ');
}

main().catch((error: unknown) => {
  process.stderr.write(`faults: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
