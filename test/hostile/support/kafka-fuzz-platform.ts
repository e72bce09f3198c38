import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { findFreePort } from '@app/local-infra';
import { EventConsumerServer, generateSigningKey, SigningIdentity, signingKeyEnv } from '@app/messaging';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type RunningService } from '@app/platform';
import { eventually, freshDatabase, providedInfrastructure, randomPersonalId, samplePdf } from '@app/testing';
import { NotificationEnvironment } from '../../../apps/notification/src/notification-environment';
import { notificationService } from '../../../apps/notification/src/notification.service-definition';
import { PlatformHarness } from '../../support/platform-harness';

/** The agency whose intake runs here, and a sibling under the same body whose intake does not. */
export const AGENCY_A = '000.00.12.H26';
export const AGENCY_B = '000.00.15.H26';
export const BODY = '000.00.00.H26';

/** The four kinds of consuming service; all intakes share one dead-letter topic, so one intake stands for them. */
export type ConsumerName = 'vault' | 'intake' | 'payment' | 'notification';
export const CONSUMER_NAMES: readonly ConsumerName[] = ['vault', 'intake', 'payment', 'notification'];

/** A producer as a consumer sees it: the CloudEvents source it claims and the key it signs with. */
export interface Signer {
  readonly source: string;
  readonly identity: SigningIdentity;
}

/** One running consumer: where to ask whether it is ready, its database, its group and its dead-letter topic. */
export interface ConsumingService {
  readonly name: ConsumerName;
  readonly url: string;
  readonly dataSource: DataSource;
  readonly consumerGroup: string;
  readonly deadLetterTopic: string;
}

/**
 * Every service that consumes Kafka, real and in this process, each on a fresh database and
 * the shared test broker: the vault, the intake of agency A, payment and notification. Keys
 * are registered in the vault's directory as the setup step registers them, so each consumer
 * checks signatures exactly as in production (the vault against its table, the others against
 * the vault's JWKS).
 */
export class KafkaFuzzPlatform {
  readonly consumers = new Map<ConsumerName, ConsumingService>();
  readonly producer: Producer;

  private constructor(
    private readonly harness: PlatformHarness,
    private readonly payment: RunningService,
    private readonly notification: RunningService,
    readonly kafka: Kafka,
    /** Signers the consumers trust: the vault, payment, and the intakes of A and B. */
    readonly signers: { readonly vault: Signer; readonly payment: Signer; readonly agencyA: Signer; readonly agencyB: Signer },
    /** A key the directory has never seen, under a source that claims to be agency A. */
    readonly stranger: Signer,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  }

  static async start(): Promise<KafkaFuzzPlatform> {
    const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
    const harness = await PlatformHarness.start({ kafkaBrokers, postgresAdminUrl, intakes: [AGENCY_A] });
    // The payment service never reaches its gateway here: it only consumes.
    const secretFile = join(await mkdtemp(join(tmpdir(), 'kafka-fuzz-')), 'sandbox-secret');
    await writeFile(secretFile, randomUUID(), { mode: 0o600 });
    const paymentPort = await findFreePort();
    const payment = await harness.startPayment({ port: paymentPort, sandboxUrl: `http://127.0.0.1:${await findFreePort()}`, secretFile });
    const notification = await startNotification(harness, kafkaBrokers, postgresAdminUrl);

    const vaultEnv = harness.vaultEnv;
    const signers = {
      vault: { source: '/vault', identity: SigningIdentity.load({ privateKey: vaultEnv.SIGNING_KEY!, keyId: vaultEnv.SIGNING_KEY_ID }) },
      payment: { source: '/payment', identity: harness.payment },
      agencyA: await registeredAgencySigner(harness, AGENCY_A),
      agencyB: await registeredAgencySigner(harness, AGENCY_B),
    };
    const stranger = { source: signers.agencyA.source, identity: SigningIdentity.load(await generateSigningKey(`stranger-${randomUUID().slice(0, 8)}`)) };
    const kafka = new Kafka({ clientId: 'kafka-fuzz', brokers: kafkaBrokers, logLevel: 0 });
    const platform = new KafkaFuzzPlatform(harness, payment, notification, kafka, signers, stranger);
    await platform.producer.connect();
    for (const [name, owner, service] of [
      ['vault', 'vault', harness.vault],
      ['intake', 'intake', harness.intake(AGENCY_A)],
      ['payment', 'payment', payment],
      ['notification', 'notification', notification],
    ] as const) {
      platform.consumers.set(name, {
        name,
        url: service.url,
        dataSource: service.app.get(DataSource),
        consumerGroup: service.app.get(EventConsumerServer).consumerGroup,
        deadLetterTopic: `${owner}.dead-letter.v1`,
      });
    }
    // Earlier suites may have left records on these topics: start from caught-up consumers.
    for (const consumer of platform.consumers.values()) await eventually(async () => expect(await platform.readiness(consumer.name)).toBe(200), 90_000, 250);
    return platform;
  }

  consumer(name: ConsumerName): ConsumingService {
    const consumer = this.consumers.get(name);
    if (!consumer) throw new Error(`no consumer ${name}`);
    return consumer;
  }

  /** The status `/health/ready` answers: 200 when PostgreSQL, Kafka and the consumer are all well. */
  async readiness(name: ConsumerName): Promise<number> {
    const response = await fetch(`${this.consumer(name).url}/health/ready`);
    await response.arrayBuffer();
    return response.status;
  }

  /** What the consumer's inbox says of an event: `applied`, `dead-lettered`, `ignored`, or undefined. */
  async inboxOutcomes(name: ConsumerName, eventId: string): Promise<string[]> {
    const { dataSource, consumerGroup } = this.consumer(name);
    const rows = await dataSource.query<{ outcome: string }[]>('SELECT outcome FROM inbox_entry WHERE consumer = $1 AND event_id = $2', [consumerGroup, eventId]);
    return rows.map((row) => row.outcome);
  }

  async count(name: ConsumerName, table: string, where: string, parameters: unknown[]): Promise<number> {
    const [row] = await this.consumer(name).dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, parameters);
    return row?.n ?? 0;
  }

  /** A citizen's upload to the vault, bound to no agency yet: what a DocumentProvided or DocumentReused can name. */
  async uploadedDocument(): Promise<{ documentId: string; citizenRef: string }> {
    const token = await this.harness.token({ role: 'citizen', subject: `citizen-${randomUUID()}`, personalId: randomPersonalId() });
    const vault = this.consumer('vault').url;
    const me = await fetch(`${vault}/citizens/me`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (!me.ok) throw new Error(`POST /citizens/me answered ${me.status}: ${await me.text()}`);
    const form = new FormData();
    form.append('documentTypeCode', 'BIRTH_CERTIFICATE');
    form.append('file', new Blob([new Uint8Array(samplePdf(randomUUID()))], { type: 'application/pdf' }), 'birth-certificate.pdf');
    const uploaded = await fetch(`${vault}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (uploaded.status !== 201) throw new Error(`POST /documents answered ${uploaded.status}: ${await uploaded.text()}`);
    const body = (await uploaded.json()) as { documentId: string; citizenRef: string };
    return { documentId: body.documentId, citizenRef: body.citizenRef };
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    await this.notification.stop();
    await this.payment.stop();
    await this.harness.stop();
  }
}

/** A key of the agency's own, registered beside its intake's: the directory allows several in force (rotation). */
async function registeredAgencySigner(harness: PlatformHarness, agency: string): Promise<Signer> {
  const key = await generateSigningKey(`fuzz-${agency.toLowerCase()}-${randomUUID().slice(0, 8)}`);
  await harness.registerKey({ kind: 'agency', code: agency }, key);
  return { source: `/intake-${agency.toLowerCase()}`, identity: SigningIdentity.load(key) };
}

/** Notification reads producers' keys from the real vault; it never dispatches here, so its relay and SMS go nowhere. */
async function startNotification(harness: PlatformHarness, kafkaBrokers: string[], postgresAdminUrl: string): Promise<RunningService> {
  const key = await generateSigningKey(`notification-fuzz-${randomUUID().slice(0, 8)}`);
  await harness.registerKey({ kind: 'service', code: 'notification' }, key);
  const env = loadConfig(NotificationEnvironment, {
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: await freshDatabase(postgresAdminUrl, 'notification_fuzz'),
    KAFKA_BROKERS: kafkaBrokers.join(','),
    AUTH_ISSUER: harness.issuer.url,
    AUTH_JWKS_URL: harness.issuer.jwksUrl,
    VAULT_URL: harness.vault.url,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(await findFreePort()),
    DISPATCH_INTERVAL_MS: '0',
    ...signingKeyEnv(key),
  });
  await runMigrations(databaseSettings(notificationService.infrastructure(env)));
  return startService(notificationService, env);
}
