import { Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID } from 'class-validator';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { defineEvent } from '@app/contracts';
import { loadConfig, ServiceEnvironment, type ServiceSpec } from '@app/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventContext } from '../consumer/event-context';
import { EventHandlers } from '../consumer/event-handlers.decorator';
import { UnrecoverableEventError } from '../consumer/unrecoverable-event.error';
import { OnEvent } from '../consumer/on-event.decorator';
import type { RetryPolicy } from '../messaging-options';
import { StaticKeyResolver } from '../signing/static-key.resolver';
import type { JWK } from 'jose';

/**
 * A minimal service used to prove the messaging guarantees against the real broker:
 * its one handler writes an effect row, and can be told to fail or to be slow.
 */
export class ProbeEvent {
  @IsUUID()
  citizenId!: string;

  @IsInt()
  seq!: number;

  /** Fails every time: a poison event. */
  @IsOptional()
  @IsBoolean()
  poison?: boolean;

  /** Fails this many times, then succeeds: a transient failure. */
  @IsOptional()
  @IsInt()
  failTimes?: number;

  @IsOptional()
  @IsInt()
  slowMs?: number;

  /** Fails as PostgreSQL does when it goes away, for this long after the first attempt. */
  @IsOptional()
  @IsInt()
  transientForMs?: number;

  /** Makes the record as large as the test needs (larger than the broker accepts, say). */
  @IsOptional()
  @IsString()
  padding?: string;

  /** Fails as unrecoverable (dead-lettered at once) until the test mends the citizen. */
  @IsOptional()
  @IsBoolean()
  failUntilMended?: boolean;
}

export function probeTopics(suffix: string) {
  return { probe: `probe.probed-${suffix}.v1`, deadLetter: 'probe.dead-letter.v1' };
}

const PROBE_TOPIC = `probe.probed.v1`;

export function probeEvents(topic = PROBE_TOPIC) {
  return {
    probed: defineEvent({ type: 'vn.gov.probe.probed.v1', payload: ProbeEvent, topic: () => topic, key: (event) => event.citizenId }),
    ignored: defineEvent({ type: 'vn.gov.probe.ignored.v1', payload: ProbeEvent, topic: () => topic, key: (event) => event.citizenId }),
    unhandled: defineEvent({ type: 'vn.gov.probe.unhandled.v1', payload: ProbeEvent, topic: () => topic, key: (event) => event.citizenId }),
  };
}

/** Attempts per event id, visible to the test because it runs in the same process. */
export const attempts = new Map<string, number>();
export const startedSlow: string[] = [];
const firstAttemptAt = new Map<string, number>();
/** Citizens whose `failUntilMended` events now succeed: the operator mended the cause. */
export const mended = new Set<string>();

@EventHandlers()
class ProbeHandlers {
  @OnEvent(probeEvents().probed)
  async onProbe(@Payload() event: ProbeEvent, @Ctx() context: EventContext): Promise<void> {
    const attempt = (attempts.get(context.event.id) ?? 0) + 1;
    attempts.set(context.event.id, attempt);
    if (event.poison) throw new Error(`probe ${event.seq} is poisoned`);
    if (event.failUntilMended && !mended.has(event.citizenId)) throw new UnrecoverableEventError(`probe ${event.seq} needs mending`);
    const first = firstAttemptAt.get(context.event.id) ?? Date.now();
    firstAttemptAt.set(context.event.id, first);
    if (event.transientForMs !== undefined && Date.now() - first < event.transientForMs) {
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    }
    if (event.failTimes !== undefined && attempt <= event.failTimes) throw new Error(`probe ${event.seq} fails on attempt ${attempt}`);
    if (event.slowMs) {
      startedSlow.push(context.event.id);
      await sleep(event.slowMs);
    }
    await context.manager.query('INSERT INTO probe_effect (event_id, citizen_id, seq) VALUES ($1, $2, $3)', [
      context.event.id,
      event.citizenId,
      event.seq,
    ]);
    // Counts applications: a broken inbox would show here as a doubled count, not as an error.
    await context.manager.query(
      'INSERT INTO probe_tally (citizen_id, applications, seq_sum) VALUES ($1, 1, $2) ON CONFLICT (citizen_id) DO UPDATE SET applications = probe_tally.applications + 1, seq_sum = probe_tally.seq_sum + $2',
      [event.citizenId, event.seq],
    );
  }
}

@Module({ controllers: [ProbeHandlers] })
class ProbeModule {}

export class CreateProbeEffect1764400000001 implements MigrationInterface {
  name = 'CreateProbeEffect1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE probe_effect (event_id text PRIMARY KEY, citizen_id uuid NOT NULL, seq int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE probe_effect');
  }
}

/**
 * Effects that double visibly if the inbox ever let an event through twice: the effect log
 * loses its primary key (a duplicate insert would otherwise fail, hiding the fault as an
 * error), and a tally counts every application.
 */
export class CreateProbeTally1764400000002 implements MigrationInterface {
  name = 'CreateProbeTally1764400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE probe_effect DROP CONSTRAINT probe_effect_pkey');
    await queryRunner.query('CREATE TABLE probe_tally (citizen_id uuid PRIMARY KEY, applications int NOT NULL, seq_sum int NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE probe_tally');
    await queryRunner.query('ALTER TABLE probe_effect ADD PRIMARY KEY (event_id)');
  }
}

/** `keys`: the public keys the probe trusts, by CloudEvents source. */
export function probeService(
  topic: string,
  retry: Partial<RetryPolicy>,
  keys: Record<string, JWK[]>,
  relay: { pollIntervalMs?: number; batchSize?: number } = { pollIntervalMs: 5_000 },
): ServiceSpec {
  const events = probeEvents(topic);
  return {
    title: 'Probe',
    description: 'Test service for the messaging guarantees.',
    environment: ServiceEnvironment,
    infrastructure: (env) => ({
      env,
      name: 'probe',
      owner: 'probe',
      entities: [],
      migrations: [CreateProbeEffect1764400000001, CreateProbeTally1764400000002],
      events: [events.probed, events.ignored, events.unhandled],
      subscriptions: [topic],
      messaging: { ignoredEventTypes: [events.ignored.type], retry, relay },
      keyResolver: () => new StaticKeyResolver(keys),
    }),
    features: () => [ProbeModule],
  };
}

export function probeEnvironment(vars: Record<string, string>): ServiceEnvironment {
  return loadConfig(ServiceEnvironment, { HTTP_PORT: '0', LOG_LEVEL: 'warn', ...vars });
}
