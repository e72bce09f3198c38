import type { EventDefinition } from '@app/contracts';
import type { DataSource } from 'typeorm';
import type { KafkaSettings } from './kafka/kafka-settings';
import type { EventKeyResolver } from './signing/event-signature.verifier';
import type { SigningSettings } from './signing/signing-identity';

export interface RetryPolicy {
  /** Attempts before an event is dead-lettered, the first one included. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
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
  readonly relay?: { pollIntervalMs?: number; batchSize?: number };
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

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 5_000 };

/** Exponential backoff with full jitter, so retrying consumers do not beat in step. */
export function backoffMs(policy: RetryPolicy, failedAttempts: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (failedAttempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
