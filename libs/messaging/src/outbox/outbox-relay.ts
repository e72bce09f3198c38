import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { KAFKA, MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { failSpan, startPublishSpan } from '../telemetry/message-tracing';
import { MessagingMetrics } from '../telemetry/messaging-metrics';
import { unpublishableReason } from './unpublishable';

interface PendingRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: object;
  payload_text: string | null;
}

/**
 * The relay's leadership lock. Any constant works: each service has a database of its own.
 * Exported for tests that fence a service's relay by holding it, as a second replica would.
 */
export const RELAY_LOCK_KEY = 4_242_001;
/**
 * Taken for the length of each batch's transaction: whatever a relay believes about its
 * leadership, two batches never publish at once, so rows leave in id order.
 */
const BATCH_LOCK_KEY = 4_242_003;

/**
 * Moves committed outbox rows to Kafka. One instance per service leads (a session-level
 * advisory lock on its own connection); the others wait to take over. Leadership is fenced
 * per batch: the batch transaction checks that the listener's session still holds the
 * lock (a relay whose session dropped stops publishing at once, rather than when it notices)
 * and takes a transaction-level lock, so a deposed leader and its successor never publish
 * batches at the same time.
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
  private listenerPid: number | undefined;
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
    metrics.gaugeOnScrape('outbox_parked_messages', 'Outbox rows Kafka refused for good (too large, topic gone), set aside in outbox_parked.', [], async (gauge) => {
      gauge.set(await this.parked());
    });
  }

  /** Rows set aside because Kafka refuses them for good; an operator decides what becomes of them. */
  async parked(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox_parked');
    return row?.n ?? 0;
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
    const pid = await listener.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    this.listenerPid = pid.rows[0]?.pid;
    this.listener = listener;
    this.leading = true;
    this.logger.log('Outbox relay is leading for this service');
  }

  private dropListener(): void {
    this.leading = false;
    const listener = this.listener;
    this.listener = undefined;
    this.listenerPid = undefined;
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

  /**
   * In the batch's transaction: whether this relay may publish. Its listener session must
   * still hold the relay lock (pg_locks shows each backend's locks; the session lock on one
   * bigint key is classid 0, objid the key, objsubid 1), and no other batch may be running.
   */
  private async fenced(manager: EntityManager): Promise<boolean> {
    if (!this.leading) return false;
    const [state] = await manager.query<{ leading: boolean; batch: boolean }[]>(
      `SELECT EXISTS (
                SELECT 1 FROM pg_locks
                 WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND pid = $2 AND granted
              ) AS leading,
              pg_try_advisory_xact_lock($3) AS batch`,
      [RELAY_LOCK_KEY, this.listenerPid ?? -1, BATCH_LOCK_KEY],
    );
    if (!state?.leading) {
      this.logger.warn('Outbox relay no longer holds the relay lock (its session ended): it stops publishing');
      this.dropListener();
      return false;
    }
    return state.batch;
  }

  private publishBatch(batchSize: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.fenced(manager))) return 0;
      // No SKIP LOCKED: under the batch lock nobody else holds these rows, and skipping
      // any would publish later rows of a key before earlier ones.
      const rows = await manager.query<PendingRow[]>(
        `SELECT id, topic, message_key, headers, payload, payload_text FROM outbox_message
         ORDER BY id LIMIT $1 FOR UPDATE`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const outgoing = rows.map((row) => ({ row, ...startPublishSpan(row.topic, row.headers, { 'messaging.message.id': row.headers.ce_id ?? '', 'messaging.kafka.message.key': row.message_key }) }));
      try {
        await this.producer!.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: groupByTopic(outgoing) });
      } catch (error) {
        for (const { span } of outgoing) failSpan(span, error);
        // One row Kafka refuses for good would hold back every row behind it: find it.
        if (unpublishableReason(error)) return this.publishOneByOne(manager, outgoing);
        throw error;
      } finally {
        for (const { span } of outgoing) span.end();
      }
      await manager.query('DELETE FROM outbox_message WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      for (const { row } of outgoing) this.metrics.published.inc({ topic: row.topic });
      return rows.length;
    });
  }

  /**
   * Sends the rows one at a time, in order, parking each that Kafka refuses for good (see
   * unpublishableReason) with its error. Any other failure stops here: what was sent is
   * deleted with this transaction, and the rest waits for the next attempt.
   */
  private async publishOneByOne(manager: EntityManager, outgoing: readonly { row: PendingRow; headers: Record<string, string> }[]): Promise<number> {
    let done = 0;
    for (const { row, headers } of outgoing) {
      try {
        await this.producer!.send({ topic: row.topic, acks: -1, messages: [{ key: row.message_key, value: row.payload_text ?? JSON.stringify(row.payload), headers }] });
        await manager.query('DELETE FROM outbox_message WHERE id = $1', [row.id]);
        this.metrics.published.inc({ topic: row.topic });
      } catch (error) {
        const reason = unpublishableReason(error);
        if (!reason || (reason === 'UNKNOWN_TOPIC_OR_PARTITION' && (await this.topicExists(row.topic)))) {
          this.logger.warn(`Outbox relay could not publish row ${row.id} to ${row.topic}, will retry: ${describe(error)}`);
          return done;
        }
        await manager.query(
          `WITH moved AS (DELETE FROM outbox_message WHERE id = $1 RETURNING *)
           INSERT INTO outbox_parked (id, event_id, topic, message_key, headers, payload, payload_text, created_at, error)
           SELECT id, event_id, topic, message_key, headers, payload, payload_text, created_at, $2 FROM moved`,
          [row.id, `${reason}: ${describe(error)}`.slice(0, 2_000)],
        );
        this.logger.error(`Outbox row ${row.id} (${row.headers.ce_type ?? 'event'} ${row.headers.ce_id ?? ''}) parked: Kafka refuses it for good on ${row.topic}: ${reason}: ${describe(error)}`);
      }
      done += 1;
    }
    return done;
  }

  /** A topic reported unknown may only lack metadata for a moment: park only when it really is gone. */
  private async topicExists(topic: string): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return (await admin.listTopics()).includes(topic);
    } finally {
      await admin.disconnect();
    }
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
