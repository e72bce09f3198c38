import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertNodeRuntime } from '@app/local-infra';
import { backlog, drained } from './harness/backlog';
import { FaultPlatform } from './harness/fault-platform';
import { driveWorkload, emailsQueued, emailsSettled, oracleSources } from './harness/fault-run';
import { residentMiB, slopePerMinute, type Sample } from './harness/memory-trend';
import { checkOracle } from './harness/oracle';
import { PatientClient } from './harness/patient-client';

/**
 * `npm run soak`: the mixed workload of the fault matrix, with no fault, for SOAK_SECONDS (600) at
 * 80 % of the highest dossier rate the benchmark sustained within its bound (the newest
 * bench/results/*\/results.json, or SOAK_DOSSIERS_PER_SECOND). Passes with zero errors (no 5xx,
 * no retry, every journey finished, the oracle clean), memory that does not keep growing (each
 * service's RSS slope over the last two thirds under MAX_SLOPE_MIB_PER_MIN) and a backlog that
 * does not grow. Each journey opens two dossiers, one at A and one at sibling B.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const MAX_SLOPE_MIB_PER_MIN = 2;
const SAMPLE_EVERY_MS = 5_000;

async function main(): Promise<void> {
  assertNodeRuntime();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const { rate, source } = dossierRate();
  const journeysPerSecond = (0.8 * rate) / 2;
  say(`soak: ${SECONDS} s at ${(0.8 * rate).toFixed(1)} dossiers/s (80 % of ${rate}/s, ${source}): a citizen every ${Math.round(1000 / journeysPerSecond)} ms`);
  const platform = await FaultPlatform.start({ stateDir: resolve('.state/soak'), kafkaPort: 29192, postgresPort: 55472, idempotencyLeaseSeconds: 120, log: (line) => say(`  ${line}`) });
  const memory = new Map<string, Sample[]>(platform.deployments.map((d) => [d.name, []]));
  const backlogs: Sample[] = [];
  const emails: Sample[] = [];
  const started = Date.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const atS = (Date.now() - started) / 1000;
      for (const d of platform.deployments) {
        const rss = d.pid === undefined ? undefined : residentMiB(d.pid);
        if (rss !== undefined) memory.get(d.name)!.push({ atS, value: rss });
      }
      const left = await backlog(platform);
      if (left !== undefined) backlogs.push({ atS, value: left });
      const queued = await emailsQueued(platform);
      if (queued !== undefined) emails.push({ atS, value: queued });
      if (backlogs.length % 12 === 0) say(`  ${atS.toFixed(0)} s: backlog ${left ?? '?'}, RSS ${platform.deployments.map((d) => `${d.name} ${memory.get(d.name)!.at(-1)?.value.toFixed(0) ?? '?'}`).join(', ')} MiB`);
      await sleep(SAMPLE_EVERY_MS);
    }
  })();
  let exitCode = 0;
  try {
    const client = new PatientClient(() => started + SECONDS * 1000 + 120_000);
    const journeys = await driveWorkload(platform, { windowMs: SECONDS * 1000, arrivalEveryMs: 1000 / journeysPerSecond, graceMs: 120_000 }, client);
    sampling = false;
    await sampler;
    const loadEnded = Date.now();
    await drained(platform, 120_000);
    const afterDrain = await backlog(platform);
    // The dispatcher sends on its own clock, after the events: how long its queue takes to empty is part of the answer.
    const emailsSent = await emailsSettled(platform, 120_000);
    const emailsLeft = await emailsQueued(platform);
    const findings = await checkOracle(oracleSources(platform), journeys);
    const elapsedS = (Date.now() - started) / 1000;
    // The first third is warm-up (JIT, pools, caches filling); growth after it is what leaks.
    const settled = (samples: readonly Sample[]) => samples.filter((s) => s.atS >= SECONDS / 3 && s.atS <= SECONDS);
    const slopes = Object.fromEntries([...memory].map(([name, samples]) => [name, slopePerMinute(settled(samples))]));
    const peaks = Object.fromEntries([...memory].map(([name, samples]) => [name, Math.max(...samples.map((s) => s.value))]));
    const backlogSlope = slopePerMinute(settled(backlogs));
    const errors = {
      serverErrors: [...client.serverErrors.values()].reduce((a, b) => a + b, 0),
      retries: client.retries,
      inProgress: client.inProgress,
      unfinished: journeys.filter((j) => !j.finished).length,
      crashes: platform.deployments.reduce((n, d) => n + d.crashes.length, 0),
      findings: findings.length,
    };
    const report = {
      seconds: SECONDS,
      rateSource: source,
      dossiersPerSecond: 0.8 * rate,
      journeys: journeys.length,
      dossiersOpened: journeys.reduce((n, j) => n + (j.dossierA ? 1 : 0) + (j.dossierB ? 1 : 0), 0),
      achievedDossiersPerSecond: journeys.reduce((n, j) => n + (j.dossierA ? 1 : 0) + (j.dossierB ? 1 : 0), 0) / Math.min(elapsedS, SECONDS),
      errors,
      failures: journeys.flatMap((j) => (j.failure ? [j.failure] : [])).slice(0, 10),
      findings: findings.slice(0, 20),
      rssSlopeMiBPerMinute: slopes,
      rssPeakMiB: peaks,
      backlog: { slopePerMinute: backlogSlope, max: Math.max(0, ...backlogs.map((s) => s.value)), afterDrain },
      emailQueue: {
        slopePerMinute: slopePerMinute(settled(emails)),
        max: Math.max(0, ...emails.map((s) => s.value)),
        emptiedSecondsAfterLastJourney: emailsSent === undefined ? null : (emailsSent - loadEnded) / 1000,
        leftTwoMinutesAfter: emailsLeft ?? null,
      },
    };
    say(JSON.stringify(report, null, 2));
    const dir = process.env.SOAK_RESULTS_DIR ?? resolve('faults/results', `${new Date().toISOString().slice(0, 10)}-${hostname()}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'soak.json'), `${JSON.stringify({ ...report, memory: Object.fromEntries(memory), backlogs, emails }, null, 2)}\n`);
    const leaking = Object.entries(slopes).filter(([, slope]) => slope > MAX_SLOPE_MIB_PER_MIN);
    if (Object.values(errors).some((n) => n > 0)) {
      say('soak failed: errors (see above)');
      exitCode = 1;
    }
    if (afterDrain !== 0) {
      say(`soak failed: ${afterDrain ?? 'an unreadable'} backlog two minutes after the load`);
      exitCode = 1;
    }
    if (SECONDS >= 300 && leaking.length > 0) {
      // A short soak's slope is mostly warm-up; only the long one judges memory.
      say(`soak failed: memory keeps growing in ${leaking.map(([name, slope]) => `${name} (${slope.toFixed(2)} MiB/min)`).join(', ')}`);
      exitCode = 1;
    }
    say(`results in ${dir}`);
  } finally {
    sampling = false;
    await platform.stop();
  }
  process.exitCode = exitCode;
}

/** The benchmark's sustained dossier rate: from the newest run in bench/results, unless given. */
function dossierRate(): { rate: number; source: string } {
  if (process.env.SOAK_DOSSIERS_PER_SECOND) return { rate: Number(process.env.SOAK_DOSSIERS_PER_SECOND), source: 'SOAK_DOSSIERS_PER_SECOND' };
  const root = resolve('bench/results');
  const runs = (existsSync(root) ? readdirSync(root) : [])
    .filter((name) => existsSync(resolve(root, name, 'results.json')))
    .map((name) => ({ name, ...(JSON.parse(readFileSync(resolve(root, name, 'results.json'), 'utf8')) as BenchResults) }))
    .sort((x, y) => y.startedAt.localeCompare(x.startedAt));
  for (const run of runs) {
    const rate = run.scenarios.find((s) => s.id === 'dossier-creation')?.sustainedRate;
    if (rate) return { rate, source: `bench/results/${run.name}` };
  }
  throw new Error('no benchmark result gives a sustained dossier rate: run npm run bench, or set SOAK_DOSSIERS_PER_SECOND');
}

interface BenchResults {
  readonly startedAt: string;
  readonly scenarios: readonly { id: string; sustainedRate?: number }[];
}

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
