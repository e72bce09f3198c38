import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

import { sleep, withTimeout } from './poll.util';

/** How a client reaches a secure broker (TLS and SASL); absent for a plaintext one. */
export type KafkaClientSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/**
 * Asks the brokers to describe the cluster. An open port is not enough: a KRaft broker
 * accepts connections before its metadata is ready, and describeCluster only succeeds once
 * the broker has registered with the controller and can serve clients.
 */
export async function describeKafkaCluster(brokers: string[], timeoutMs: number, security: KafkaClientSecurity = {}): Promise<{ clusterId: string }> {
  const kafka = new Kafka({
    ...security,
    clientId: 'local-infra-probe',
    brokers,
    connectionTimeout: Math.min(timeoutMs, 3000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    // kafkajs logs every refused connection at ERROR; a probe expects those.
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    return await withTimeout(
      (async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return { clusterId: cluster.clusterId };
      })(),
      timeoutMs,
      'Kafka describeCluster',
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export interface WaitForKafkaOptions {
  timeoutMs: number;
  /** Checked between attempts: a reason here (e.g. "the JVM exited") ends the wait early. */
  abortReason?: () => string | undefined;
  security?: KafkaClientSecurity;
}

/** Polls describeCluster until it succeeds; rejects with the last error on timeout or abort. */
export async function waitForKafka(brokers: string[], options: WaitForKafkaOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    const aborted = options.abortReason?.();
    if (aborted) throw new Error(aborted);
    try {
      await describeKafkaCluster(brokers, Math.max(500, Math.min(3000, deadline - Date.now())), options.security);
      return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await sleep(300);
  }
  throw new Error(`not serving after ${Math.round(options.timeoutMs / 1000)} s (last error: ${lastError})`);
}

/**
 * Makes a freshly started broker ready for the first consumer group and the first
 * transactional producer too. Kafka creates and loads __consumer_offsets and
 * __transaction_state (and the producer-id block) on first use; until then kafkajs logs
 * "The coordinator is loading" / "group coordinator is not available" at ERROR and retries,
 * which looks like a failure in the first seconds of every fresh run and can push a first
 * test past its timeout. Paying that here, silently, keeps it out of callers' logs.
 */
export async function warmUpKafkaCoordinators(brokers: string[], timeoutMs: number, security: KafkaClientSecurity = {}): Promise<void> {
  const kafka = new Kafka({
    ...security,
    clientId: 'local-infra-warmup',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 12, initialRetryTime: 100, maxRetryTime: 2000 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ transactionalId: 'local-infra-warmup', idempotent: true, maxInFlightRequests: 1 });
  try {
    await withTimeout(
      (async () => {
        await admin.connect();
        await admin.describeGroups(['local-infra-warmup']);
        await producer.connect();
        const transaction = await producer.transaction();
        await transaction.abort();
      })(),
      timeoutMs,
      'Kafka coordinator warm-up',
    );
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
