import type { EventDefinition } from '@app/contracts';
import type { DataSource } from 'typeorm';
import type { KafkaSettings } from './kafka/kafka-settings';
import type { EventKeyResolver } from './signing/event-signature.verifier';
import type { SigningSettings } from './signing/signing-identity';

export interface RetryPolicy {
  /** Attempts, the first one included, before an event failing for an unknown reason is dead-lettered. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /**
   * How long an event failing transiently (PostgreSQL or the network away, a deadlock, a
   * 503) is retried before it is dead-lettered: minutes, since such failures end by themselves.
   */
  readonly transientWindowMs: number;
  /** Longest pause of a partition between two transient attempts. */
  readonly transientMaxBackoffMs: number;
}

/** Kafka group membership: how fast a dead member is noticed and its partitions move on. */
export interface ConsumerTuning {
  /** A member silent for this long leaves the group; the broker's minimum is 6 s. */
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /** How long a rebalance waits for the live members to rejoin. */
  readonly rebalanceTimeoutMs: number;
  /**
   * Longest a fetch waits on the broker for new records. A partition resumed after a
   * transient failure is fetched again only by the next fetch, so this bounds that delay.
   */
  readonly maxWaitTimeMs: number;
}

export interface HousekeepingOptions {
  /** Inbox rows older than this are deleted (a redelivery older than that is not expected). */
  readonly inboxRetentionDays: number;
  readonly intervalMs: number;
}

export interface MessagingOptions {
  /** The service kind that owns this deployment's topics (`vault`, `intake`, …); also names its dead-letter topic. */
  readonly owner: string;
  /** Logical name of this deployment (e.g. `vault`, `intake-000.00.12.h26`): CloudEvents source and consumer group. */
  readonly service: string;
  readonly kafka: KafkaSettings;
  /** The relay LISTENs on its own connection, outside the TypeORM pool. */
  readonly databaseUrl: string;
  /** Every event type this service may receive; anything else on a subscribed topic is dead-lettered. */
  readonly events: readonly EventDefinition[];
  readonly subscriptions: readonly string[];
  /** Types deliberately skipped (recorded in the inbox and logged, never silently dropped). */
  readonly ignoredEventTypes?: readonly string[];
  readonly retry?: Partial<RetryPolicy>;
  readonly consumer?: Partial<ConsumerTuning>;
  readonly relay?: { pollIntervalMs?: number; batchSize?: number };
  readonly housekeeping?: Partial<HousekeepingOptions>;
  /** This deployment's private key: every event it writes to its outbox is signed with it. */
  readonly signing: SigningSettings;
  /**
   * Where consumed events' signatures are checked against the claimed producer's keys.
   * Required as soon as the service subscribes to anything: no event is handled unchecked.
   */
  readonly keyResolver?: (dataSource: DataSource) => EventKeyResolver;
  /** Partitions handled in parallel; order within one partition is always kept. */
  readonly partitionsConsumedConcurrently?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const KAFKA = Symbol('KAFKA');
export const SIGNING_IDENTITY = Symbol('SIGNING_IDENTITY');

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  initialBackoffMs: 200,
  maxBackoffMs: 5_000,
  transientWindowMs: 10 * 60_000,
  transientMaxBackoffMs: 30_000,
};

export const DEFAULT_CONSUMER_TUNING: ConsumerTuning = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000, rebalanceTimeoutMs: 30_000, maxWaitTimeMs: 1_000 };

export const DEFAULT_HOUSEKEEPING: HousekeepingOptions = { inboxRetentionDays: 30, intervalMs: 60 * 60_000 };

/** Exponential backoff with full jitter, so retrying consumers do not beat in step. */
export function backoffMs(policy: Pick<RetryPolicy, 'initialBackoffMs' | 'maxBackoffMs'>, failedAttempts: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (failedAttempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
