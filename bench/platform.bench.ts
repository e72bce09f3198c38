import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LaunchedPlatform, startPostgres } from '@app/local-infra';
import { LoadGeneratorProcess } from './harness/load-generator.process';
import { describeMachine, writeResults, type ResultSection, type ScenarioResult } from './harness/results';
import { BOUND, PROFILES, REUSED_TYPES, type BenchContext } from './scenarios/bench-context';
import { httpCeiling, kafkaProducerCeiling, pgbenchCeilings } from './scenarios/ceilings';
import { dossierCreation } from './scenarios/dossier-creation';
import { idleCores, memoryMiB, platformProcesses } from './scenarios/platform-processes';
import { propagation } from './scenarios/propagation';
import { reuseLookup } from './scenarios/reuse-lookup';

/**
 * `npm run bench`: the platform as `npm run platform` starts it (its own Kafka broker, its
 * databases, every service a process of its own, three intakes under two governing bodies),
 * loaded by an open-model generator in a process of its own, beside this machine's ceilings
 * measured in the same run. BENCH_PROFILE=smoke is CI's reduced run. Writes
 * bench/results/<date>-<host>/ (or BENCH_RESULTS_DIR).
 */
const profile = PROFILES[(process.env.BENCH_PROFILE ?? 'full') as keyof typeof PROFILES];
if (!profile) throw new Error(`BENCH_PROFILE must be one of ${Object.keys(PROFILES).join(', ')}`);
/** Every run is bounded: past this, it stops and says so. */
const DEADLINE_MINUTES = Number(process.env.BENCH_DEADLINE_MINUTES ?? 25);
const say = (line: string) => process.stdout.write(`${line}\n`);
const mib = (value: number) => Math.round(value);
/** Each dossier of scenario 1 publishes one DocumentReused record per reused document. */
const RECORDS_PER_DOSSIER = REUSED_TYPES.length;

async function main(): Promise<void> {
  const startedAt = new Date();
  const deadline = setTimeout(() => {
    say(`The benchmark ran past ${DEADLINE_MINUTES} minutes and was stopped.`);
    process.exit(1);
  }, DEADLINE_MINUTES * 60_000);
  deadline.unref();

  say(`Benchmark (${profile.name} profile): starting PostgreSQL, then the platform with its own Kafka…`);
  const postgres = await startPostgres({ stateDir: resolve('.state/bench'), postgresPort: 55462, log: (line) => say(`  ${line}`) });
  const platform = await LaunchedPlatform.start(postgres.adminUrl, resolve('.state/bench/platform'));
  const generator = LoadGeneratorProcess.start();
  try {
    const processes = platformProcesses(platform.kafkaBrokers, postgres.adminUrl);
    // What the platform does on its own (timers, polls, the broker), left out of each step's CPU.
    await sleep(5_000);
    const idle = await idleCores(processes);
    const context: BenchContext = { profile, platform, postgresAdminUrl: postgres.adminUrl, generator, processes, idle, say };
    say(`Platform up: ${processes.map((process) => `${process.name} (pid ${process.pid})`).join(', ')}; load generator pid ${generator.pid}.`);
    say(`At idle it uses ${[...idle.values()].reduce((a, b) => a + b, 0).toFixed(2)} cores, left out of each step's CPU.`);
    const idleMiB = new Map(processes.map((process) => [process.name, memoryMiB(process)]));

    say('\n1. Dossier creation at one intake, two documents reused from its local index:');
    const dossiers = await dossierCreation(context);
    say('\n2. Propagation, verification at A to reusable at sibling B:');
    const propagated = await propagation(context);
    say('\n3. Reuse lookup at scale:');
    const lookups = await reuseLookup(context);
    say('\n4. Ceilings of this machine:');
    const pgbench = await pgbenchCeilings(context);
    const producer = await kafkaProducerCeiling(context);
    const http = await httpCeiling(context);

    const scenarios: ScenarioResult[] = [
      { id: 'dossier-creation', title: 'Dossier creation at one intake (two documents reused)', steps: dossiers.load.steps, sustainedRate: dossiers.load.sustainedRate, boundP99Ms: BOUND.p99Ms },
      { id: 'http-ceiling', title: 'Ceiling: a bare Node HTTP server answering a constant', steps: http.steps, sustainedRate: http.sustainedRate, boundP99Ms: BOUND.p99Ms },
    ];
    const oneTrip = pgbench.find((ceiling) => ceiling.script === 'one-round-trip')!;
    const asIntake = pgbench.find((ceiling) => ceiling.script === 'as-the-intake')!;
    const sustained = dossiers.load.sustainedRate ?? 0;
    // Also the most the intake took without an error, whatever its latency: the rate the ratios mean when no step kept the bound.
    const throughput = Math.max(0, ...dossiers.load.steps.filter((step) => !step.discarded && Object.keys(step.result.errors).length === 0).map((step) => Math.round(step.result.achievedRate)));
    const propagationWithin = propagated.filter((step) => step.missing === 0 && step.propagationMs.p99 <= BOUND.p99Ms).map((step) => step.rate);
    const lastLookup = lookups.at(-1)!;
    const firstLookup = lookups[0];
    const summary = [
      `- Dossier creation: ${dossiers.load.sustainedRate === undefined ? `no step kept p99 ≤ ${BOUND.p99Ms} ms (the lowest, ${dossiers.load.steps[0].result.offeredRate}/s, had ${dossiers.load.steps[0].result.latencyMs.p99.toFixed(0)} ms)` : `**${sustained}/s** sustained with p99 ≤ ${BOUND.p99Ms} ms`}, at most ${throughput}/s without an error at any latency. Against the ceilings, within the bound and at most: ${ratio(sustained, oneTrip.tps)} and ${ratio(throughput, oneTrip.tps)} of pgbench's one-round-trip ${oneTrip.tps.toFixed(0)} tps; ${ratio(sustained, asIntake.tps)} and ${ratio(throughput, asIntake.tps)} of the same writes in the intake's ${asIntake.roundTrips} round trips (${asIntake.tps.toFixed(0)} tps); ${ratio(sustained, http.sustainedRate ?? 0)} and ${ratio(throughput, http.sustainedRate ?? 0)} of the bare HTTP server (${http.sustainedRate ?? 0}/s within the bound).`,
      `- Kafka: at most ${RECORDS_PER_DOSSIER * throughput} records/s from the intake (${RECORDS_PER_DOSSIER} per dossier), ${ratio(RECORDS_PER_DOSSIER * throughput, producer.recordsPerSecond)} of ProducerPerformance's ${producer.recordsPerSecond.toFixed(0)} records/s at ${producer.recordBytes} bytes, acks=all.`,
      `- Propagation: p99 within ${BOUND.p99Ms} ms at ${propagationWithin.length ? `${Math.max(...propagationWithin)}` : 'no'} verifications/s (${propagated.map((step) => `${step.rate}/s: p99 ${step.propagationMs.p99.toFixed(0)} ms`).join(', ')}).`,
      `- Reuse lookup: p99 ${lastLookup.lookupMs.p99.toFixed(3)} ms at ${lastLookup.documents.toLocaleString('en')} documents; p50 grew ${ratio(lastLookup.lookupMs.p50, firstLookup.lookupMs.p50)}× from ${firstLookup.documents.toLocaleString('en')} (log of the sizes grew ${ratio(Math.log(lastLookup.documents), Math.log(firstLookup.documents))}×).`,
    ];
    const cpuAtSustained = dossiers.cpuPerThousand.find((entry) => entry.rate === sustained) ?? dossiers.cpuPerThousand[0];
    const sections: ResultSection[] = [
      {
        id: 'once-only',
        title: 'Dossier creation: the once-only check',
        text: ['Dossiers each step created at the intake, counted in its database afterwards, and how many had both documents attached from the local index rather than asked for.'],
        table: { columns: ['offered /s', 'dossiers created', 'both documents reused'], rows: dossiers.reuse.map((step) => [step.rate, step.created, step.withBothReused]) },
      },
      {
        id: 'propagation',
        title: 'Propagation: verification committed at A to reusable at sibling B',
        text: ["Delay from each verification's HTTP 200 at A (wall clock, in the generator) to `updated_at` of the document's row in B's index (PostgreSQL's now() of the transaction that wrote it); same machine, same clock."],
        table: {
          columns: ['verifications/s', 'committed', 'verify p99 ms', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'never arrived'],
          rows: propagated.map((step) => [step.rate, step.verification.succeeded, step.verification.latencyMs.p99, step.propagationMs.p50, step.propagationMs.p90, step.propagationMs.p99, step.propagationMs.p999, step.propagationMs.max, step.missing]),
        },
        chart: { xTitle: 'verifications per second', yTitle: 'verification to reusable at B (ms)', points: propagated.map((step) => ({ x: step.rate, latencyMs: step.propagationMs })) },
      },
      {
        id: 'reuse-lookup',
        title: 'Reuse lookup at scale',
        text: ["The intake's table (copied with pg_dump), four documents per citizen, generated with generate_series before its indexes were built; the intake's lookup for a random citizen, one at a time over one connection."],
        table: {
          columns: ['documents', 'generated and indexed (s)', 'table MiB', 'indexes MiB', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms'],
          rows: lookups.map((entry) => [entry.documents, Math.round(entry.generatedInSeconds), mib(entry.tableMiB), mib(entry.indexesMiB), entry.lookupMs.p50, entry.lookupMs.p90, entry.lookupMs.p99, entry.lookupMs.p999, entry.lookupMs.max]),
        },
        chart: { xTitle: 'indexed documents', yTitle: 'lookup latency (ms)', xLog: true, points: lookups.map((entry) => ({ x: entry.documents, latencyMs: entry.lookupMs })) },
      },
      {
        id: 'pgbench',
        title: 'Ceiling: the dossier-creation writes through pgbench',
        table: { columns: ['script', 'round trips', 'clients', 'tps', 'latency average ms'], rows: pgbench.map((ceiling) => [ceiling.script, ceiling.roundTrips, ceiling.clients, ceiling.tps, ceiling.latencyAverageMs]) },
      },
      {
        id: 'kafka-producer',
        title: "Ceiling: Kafka's ProducerPerformance, acks=all",
        text: [`As many partitions as the intake's DocumentReused topic; each record as large as the DocumentReused records scenario 1 published, value and headers (the tool sends no headers).`],
        table: {
          columns: ['records', 'record bytes', 'records/s', 'MB/s', 'latency average ms', 'p50 ms', 'p99 ms', 'max ms'],
          rows: [[producer.records, producer.recordBytes, producer.recordsPerSecond, producer.mebibytesPerSecond, producer.latencyMs.average, producer.latencyMs.p50, producer.latencyMs.p99, producer.latencyMs.max]],
        },
      },
      {
        id: 'footprint',
        title: 'Footprint',
        text: [
          `Resident memory (MiB; PostgreSQL: Pss of the server and its backends) at idle and at its peak during dossier creation; CPU seconds per 1,000 dossiers at ${cpuAtSustained.rate}/s, from the step's start until the platform was quiet again, beyond what each process uses at idle (every process, ${cpuAtSustained.total.toFixed(1)} s in all).`,
        ],
        table: {
          columns: ['process', 'idle MiB', 'peak under load MiB', 'idle cores', 'CPU s per 1,000 dossiers'],
          rows: processes.map((process) => [process.name, mib(idleMiB.get(process.name)!), mib(dossiers.peakMiB.get(process.name)!), idle.get(process.name)!, cpuAtSustained.byProcess[process.name] ?? 0]),
        },
      },
    ];
    const folder = await writeResults(resolve(process.env.BENCH_RESULTS_DIR ?? 'bench/results'), { startedAt, machine: describeMachine(), summary, scenarios, sections });
    say(`\n${summary.join('\n')}\nResults: ${folder} (${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)`);
  } finally {
    await generator.stop();
    await platform.stop();
    await postgres.stop();
  }
}

function ratio(value: number, ceiling: number): string {
  return ceiling > 0 ? (value / ceiling).toFixed(2) : 'n/a';
}

main().catch((error: unknown) => {
  say(`The benchmark stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
