import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { KAFKA, MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { failSpan, startPublishSpan } from '../telemetry/message-tracing';
import { MessagingMetrics } from '../telemetry/messaging-metrics';

interface PendingRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: object;
  payload_text: string | null;
}

/** Any constant works: each service has a database of its own. */
const RELAY_LOCK_KEY = 4_242_001;

/**
 * Moves committed outbox rows to Kafka. One instance per service leads (a session-level
 * advisory lock), so rows leave in commit order; the others wait to take over.
 *
 * A row is deleted in the same transaction that locked it, after Kafka acknowledged it
 * (acks=all, idempotent producer). A crash between the two re-sends the row on restart:
 * delivery is at least once, and consumers' inboxes make it effectively once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer: Producer | undefined;
  private listener: Client | undefined;
  private leading = false;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private wakeAgain = false;
  private stopped = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly metrics: MessagingMetrics,
  ) {
    metrics.gaugeOnScrape('outbox_backlog_messages', 'Committed events not yet published to Kafka.', [], async (gauge) => {
      gauge.set((await this.backlog()).messages);
    });
    metrics.gaugeOnScrape('outbox_oldest_message_age_seconds', 'Age of the oldest committed event not yet published (0 when the outbox is empty).', [], async (gauge) => {
      gauge.set((await this.backlog()).oldestAgeSeconds);
    });
  }

  /** What is waiting: readiness and the metrics show it, so a stuck relay is seen, not guessed. */
  async backlog(): Promise<{ messages: number; oldestAgeSeconds: number }> {
    const [row] = await this.dataSource.query<{ messages: number; oldest: number }[]>(
      `SELECT count(*)::int AS messages, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest FROM outbox_message`,
    );
    return { messages: row?.messages ?? 0, oldestAgeSeconds: row?.oldest ?? 0 };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.relay?.pollIntervalMs ?? 1_000);
  }

  /**
   * Waits for the batch in flight, so a graceful stop never leaves a sent-but-undeleted row,
   * then sends what is still committed: a short-lived process (a seed run) must not leave
   * its events for the next instance to publish.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
    if (this.leading) await this.drain();
    await this.listener?.end().catch(() => undefined);
    await this.producer?.disconnect();
  }

  /** Whether this instance holds the relay lock; exposed for readiness and tests. */
  get isLeader(): boolean {
    return this.leading;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.leading) await this.tryToLead();
      if (this.leading) this.wake();
    } catch (error) {
      this.logger.warn(`Outbox relay could not reach PostgreSQL, will retry: ${describe(error)}`);
      this.dropListener();
    }
  }

  private async tryToLead(): Promise<void> {
    const listener = new Client({ connectionString: this.options.databaseUrl, application_name: `${this.options.service}-outbox-relay` });
    listener.on('error', (error) => {
      this.logger.warn(`Outbox relay lost its PostgreSQL session: ${describe(error)}`);
      this.dropListener();
    });
    await listener.connect();
    const { rows } = await listener.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY]);
    if (!rows[0]?.locked) {
      await listener.end();
      return;
    }
    listener.on('notification', () => this.wake());
    await listener.query('LISTEN outbox_committed');
    this.listener = listener;
    this.leading = true;
    this.logger.log('Outbox relay is leading for this service');
  }

  private dropListener(): void {
    this.leading = false;
    const listener = this.listener;
    this.listener = undefined;
    void listener?.end().catch(() => undefined);
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    const batchSize = this.options.relay?.batchSize ?? 500;
    try {
      let sent: number;
      do {
        sent = await this.publishBatch(batchSize);
      } while (sent === batchSize);
    } catch (error) {
      // The rows stay in the outbox; the next notification or poll tries again.
      this.logger.warn(`Outbox relay could not publish, will retry: ${describe(error)}`);
    }
  }

  private publishBatch(batchSize: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<PendingRow[]>(
        `SELECT id, topic, message_key, headers, payload, payload_text FROM outbox_message
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const outgoing = rows.map((row) => ({ row, ...startPublishSpan(row.topic, row.headers, { 'messaging.message.id': row.headers.ce_id ?? '', 'messaging.kafka.message.key': row.message_key }) }));
      try {
        await this.producer!.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: groupByTopic(outgoing) });
      } catch (error) {
        for (const { span } of outgoing) failSpan(span, error);
        throw error;
      } finally {
        for (const { span } of outgoing) span.end();
      }
      await manager.query('DELETE FROM outbox_message WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      for (const { row } of outgoing) this.metrics.published.inc({ topic: row.topic });
      return rows.length;
    });
  }
}

function groupByTopic(outgoing: { row: PendingRow; headers: Record<string, string> }[]) {
  const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
  for (const { row, headers } of outgoing) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.message_key, value: row.payload_text ?? JSON.stringify(row.payload), headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
