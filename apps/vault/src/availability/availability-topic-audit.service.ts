import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { availabilityTopic } from '@app/contracts';
import { KAFKA } from '@app/messaging';
import { MetricsRegistry } from '@app/observability';
import { ReadinessChecks, type ReadinessVerdict } from '@app/platform';
import { VaultEnvironment } from '../vault-environment';
import { availabilitySplit, describeSplit, republishCommand, type AvailabilitySplit } from './availability-split.policy';

/** After a failed comparison, the next one comes sooner than the regular interval. */
const RETRY_AFTER_FAILURE_MS = 5_000;

interface Audited {
  readonly at: Date;
  readonly bodies: readonly AvailabilitySplit[];
}

/**
 * Compares, per governing body, the documents the vault announced with what the body's
 * availability topic can hold (see availabilitySplit), at start-up and then every
 * AVAILABILITY_AUDIT_INTERVAL_MS. A body whose topic lacks records makes readiness fail (the
 * `availability` check names the bodies and the command to run) and shows in the
 * `availability_topic_records_missing` gauge: intakes that rebuild from such a topic would
 * ask citizens again for documents already on file, and nothing else would say so.
 */
@Injectable()
export class AvailabilityTopicAudit implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AvailabilityTopicAudit.name);
  private readonly missing: Gauge<'body'>;
  private latest: Audited | undefined;
  private failure: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly env: VaultEnvironment,
    private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    registry: MetricsRegistry,
    readiness: ReadinessChecks,
  ) {
    this.missing = new Gauge({
      name: 'availability_topic_records_missing',
      help: "Documents the vault announced under a governing body that its availability topic holds no record of (0 when they agree).",
      labelNames: ['body'],
      registers: [registry],
    });
    readiness.register('availability', () => this.verdict());
  }

  /** The first comparison ends before HTTP listens, so readiness never answers before the vault knows. */
  async onApplicationBootstrap(): Promise<void> {
    await this.trigger();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Compares now, updates readiness and the gauge, and returns every body's counts. */
  async audit(): Promise<readonly AvailabilitySplit[]> {
    // One statement, so one snapshot, taken before Kafka is asked: a record that leaves the
    // outbox in between is counted twice, never not at all.
    const rows = await this.dataSource.query<{ kind: 'body' | 'topic'; name: string; n: number }[]>(`
      WITH announced AS (
        SELECT agency.governing_body_code AS body, count(*)::int AS n
        FROM document JOIN agency ON agency.code = document.verified_by_agency_code
        WHERE document.availability_version > 0
        GROUP BY agency.governing_body_code
      )
      SELECT 'body' AS kind, governing_body.code AS name, COALESCE(announced.n, 0) AS n
      FROM governing_body LEFT JOIN announced ON announced.body = governing_body.code
      UNION ALL
      SELECT 'topic', topic, count(*)::int FROM outbox_message WHERE starts_with(topic, 'vault.document-availability.') GROUP BY topic`);
    const pending = new Map(rows.filter((row) => row.kind === 'topic').map((row) => [row.name, row.n]));
    const announced = rows.filter((row) => row.kind === 'body').sort((a, b) => a.name.localeCompare(b.name));
    const recorded = await this.recordedOnTopics(announced.map((row) => availabilityTopic(row.name)));
    const bodies = announced.map((row) => {
      const topic = availabilityTopic(row.name);
      return availabilitySplit({ body: row.name, announced: row.n, pending: pending.get(topic) ?? 0, recorded: recorded.get(topic) ?? 0, topicExists: recorded.has(topic) });
    });
    this.missing.reset();
    for (const body of bodies) this.missing.set({ body: body.body }, body.missing);
    this.report(bodies);
    this.latest = { at: new Date(), bodies };
    this.failure = undefined;
    return bodies;
  }

  private verdict(): ReadinessVerdict {
    if (!this.latest) {
      return { ready: false, details: { message: `the availability topics have not been compared with the vault's documents yet${this.failure ? `: ${this.failure}` : ''}` } };
    }
    const split = this.latest.bodies.filter((body) => body.missing > 0);
    const comparedAt = this.latest.at.toISOString();
    const lastError = this.failure ? { lastError: this.failure } : {};
    if (split.length === 0) return { ready: true, details: { bodies: this.latest.bodies.length, comparedAt, ...lastError } };
    return {
      ready: false,
      details: {
        message: describeSplit(split),
        command: republishCommand(split),
        bodies: split.map(({ body, announced, recorded, pending, missing, topicExists }) => ({ body, announced, recorded, pending, missing, topicExists })),
        comparedAt,
        ...lastError,
      },
    };
  }

  /** Runs one comparison unless one is running, then schedules the next. */
  private trigger(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.audit()
      .then(
        () => this.schedule(this.env.AVAILABILITY_AUDIT_INTERVAL_MS),
        (error: unknown) => {
          // The previous verdict stands: one failed comparison says nothing about the topics.
          this.failure = error instanceof Error ? error.message : String(error);
          this.logger.warn(`Could not compare the availability topics with the vault's documents, will retry: ${this.failure}`);
          this.schedule(Math.min(RETRY_AFTER_FAILURE_MS, this.env.AVAILABILITY_AUDIT_INTERVAL_MS));
        },
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.trigger(), delayMs);
  }

  /** Sum of the partitions' high-water marks per existing topic; a missing topic is absent from the map. */
  private async recordedOnTopics(topics: readonly string[]): Promise<Map<string, number>> {
    const admin = this.kafka.admin({ retry: { retries: 2 } });
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const recorded = new Map<string, number>();
      for (const topic of topics.filter((name) => existing.has(name))) {
        const partitions = await admin.fetchTopicOffsets(topic);
        recorded.set(topic, partitions.reduce((sum, partition) => sum + Number(partition.high), 0));
      }
      return recorded;
    } finally {
      await admin.disconnect();
    }
  }

  /** Logs when a body's topic starts or stops missing records, not at every comparison. */
  private report(bodies: readonly AvailabilitySplit[]): void {
    const before = new Map((this.latest?.bodies ?? []).map((body) => [body.body, body.missing]));
    const split = bodies.filter((body) => body.missing > 0);
    const newlySplit = split.filter((body) => (before.get(body.body) ?? 0) === 0);
    if (newlySplit.length > 0) this.logger.error(describeSplit(split));
    const healed = bodies.filter((body) => body.missing === 0 && (before.get(body.body) ?? 0) > 0);
    if (healed.length > 0) this.logger.log(`The availability topics of ${healed.map((body) => body.body).join(', ')} again hold a record of every announced document`);
  }
}
