import { setTimeout as sleep } from 'node:timers/promises';
import { runJourney, type JourneyRecord, type JourneyTargets } from './citizen-journey';
import { drained } from './backlog';
import type { Fault } from './fault-catalog';
import { AGENCY_A, SIBLING_B, type FaultPlatform } from './fault-platform';
import { checkOracle, oracleTopics, type Finding, type OracleSources } from './oracle';
import { endOffsets } from './topic-reader';
import { PatientClient } from './patient-client';

/** The backlog the workload keeps in flight when nothing is wrong: below it, a fault's backlog has drained. */
const IN_FLIGHT = 10;

/** When in the load window the fault strikes. */
export const POINTS = { early: 0.2, middle: 0.5, late: 0.8 } as const;
export type Point = keyof typeof POINTS;

export interface WorkloadShape {
  /** How long new citizens keep arriving. */
  readonly windowMs: number;
  /** One new citizen every this many milliseconds. */
  readonly arrivalEveryMs: number;
  /** After the window, how long a journey may still take to finish through the fault. */
  readonly graceMs: number;
}

export interface RunOutcome {
  readonly fault: string;
  readonly point: Point;
  readonly journeys: number;
  readonly unfinished: number;
  readonly findings: readonly Finding[];
  /** From the restart (or the end of the stall) to every service ready and every backlog drained. */
  readonly recoveryMs: number | undefined;
  readonly retries: number;
  /** How often a retry met a claim of its first try (409 IDEMPOTENCY_IN_PROGRESS). */
  readonly inProgress: number;
  readonly serverErrors: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
  /** What each citizen's journey got accepted (left out of the results file). */
  readonly records: readonly JourneyRecord[];
}

export function journeyTargets(platform: FaultPlatform): JourneyTargets {
  return {
    vault: platform.deployment('vault').url,
    intakeA: { url: platform.intake(AGENCY_A).url, agency: AGENCY_A },
    siblingB: { url: platform.intake(SIBLING_B).url, agency: SIBLING_B },
    payment: platform.deployment('payment').url,
    notification: platform.deployment('notification').url,
    gateway: platform.gateway.url,
    token: (principal) => platform.token(principal),
  };
}

/** Citizens arriving through the window, each on their whole journey; one in four also has a document revoked. */
export async function driveWorkload(platform: FaultPlatform, shape: WorkloadShape, client: PatientClient, during?: () => Promise<void>): Promise<JourneyRecord[]> {
  const targets = journeyTargets(platform);
  const journeys: Promise<JourneyRecord>[] = [];
  const arrivals = (async () => {
    for (let index = 0, started = Date.now(); Date.now() - started < shape.windowMs; index += 1) {
      journeys.push(runJourney(targets, client, index % 4 === 0));
      await sleep(shape.arrivalEveryMs);
    }
  })();
  await Promise.all([arrivals, during?.()]);
  return Promise.all(journeys);
}

/** One run of one cell: the workload, the fault at its point, the recovery, then the oracle. */
export async function runFault(platform: FaultPlatform, fault: Fault, point: Point, shape: WorkloadShape): Promise<RunOutcome> {
  const sources = oracleSources(platform);
  const from = await endOffsets(platform.kafka, oracleTopics(sources));
  const started = Date.now();
  let recovery: Promise<number | undefined> = Promise.resolve(undefined);
  let restartedAt: number | undefined;
  let striking = false;
  // A journey has graceMs after the window, or after the platform is mended if that is later.
  const client = new PatientClient(() => (striking ? Infinity : Math.max(started + shape.windowMs, restartedAt ?? 0) + shape.graceMs));
  const strike = async () => {
    await sleep(shape.windowMs * POINTS[point]);
    striking = true;
    restartedAt = await fault.inject(platform);
    striking = false;
    recovery = drained(platform, 180_000, IN_FLIGHT);
  };
  const crashesBefore = platform.deployments.map((d) => d.crashes.length);
  const journeys = await driveWorkload(platform, shape, client, strike);
  const recoveredAt = await recovery;
  // A service that died by itself is a finding; then it is started again, as an orchestrator would.
  const crashes = platform.deployments.flatMap((d, index) => d.crashes.slice(crashesBefore[index]));
  for (const d of platform.deployments.filter((deployment) => !deployment.running)) await d.start();
  // The oracle reads a platform at rest: whatever is still moving would look lost.
  await drained(platform, 180_000);
  await emailsSettled(platform, 60_000);
  const findings = [...crashes.map((what) => ({ kind: 'crashed' as const, what })), ...(await checkOracle(sources, journeys, from))];
  return {
    fault: fault.name,
    point,
    journeys: journeys.length,
    unfinished: journeys.filter((j) => !j.finished).length,
    findings,
    recoveryMs: recoveredAt === undefined || restartedAt === undefined ? undefined : recoveredAt - restartedAt,
    retries: client.retries,
    inProgress: client.inProgress,
    serverErrors: Object.fromEntries(client.serverErrors),
    failures: journeys.flatMap((j) => (j.failure ? [j.failure] : [])),
    records: journeys,
  };
}

/** Emails the dispatcher has still to send (it sends on its own clock, after the events), or undefined when unreadable. */
export async function emailsQueued(platform: FaultPlatform): Promise<number | undefined> {
  const pool = platform.pool(platform.deployment('notification'));
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM notification_message WHERE channel = 'email' AND status IN ('queued', 'failed_temporarily')`).catch(() => ({ rows: [] }));
  return rows.length === 0 ? undefined : Number(rows[0].n);
}

/** Waits until no email is queued or being retried; resolves with the time, or undefined past the timeout. */
export async function emailsSettled(platform: FaultPlatform, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await emailsQueued(platform)) === 0) return Date.now();
    await sleep(500);
  }
  return undefined;
}

/** What the oracle reads: the databases of the deployments, the broker and the mailbox. */
export function oracleSources(platform: FaultPlatform): OracleSources {
  return {
    kafka: platform.kafka,
    vault: platform.pool(platform.deployment('vault')),
    intakeA: platform.pool(platform.intake(AGENCY_A)),
    siblingB: platform.pool(platform.intake(SIBLING_B)),
    payment: platform.pool(platform.deployment('payment')),
    notification: platform.pool(platform.deployment('notification')),
    governingBody: '000.00.00.H26',
    // A Message-ID is `<delivery id@domain>`.
    mailboxDeliveryIds: () => new Set(platform.mailbox.messages().map((mail) => /<([^@>]+)@/.exec(mail.messageId ?? '')?.[1] ?? '')),
  };
}
