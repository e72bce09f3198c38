import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  DossierStatusChanged,
  PLATFORM_TOPICS,
  type DossierLifecycleState,
  type DossierStatusChangedV1,
  type EventDefinition,
} from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { startDevMailbox, startDevSms, type RunningDevMailbox, type RunningDevSms } from '@app/dev-mailbox';
import { createKafka, ensureTopics, generateSigningKey, signingKeyEnv, SigningIdentity } from '@app/messaging';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type RunningService } from '@app/platform';
import { FakeVault, freshDatabase, providedInfrastructure, publishSigned, randomPersonalId } from '@app/testing';
import { NotificationEnvironment } from '../notification-environment';
import { notificationService } from '../notification.service-definition';

/** What the routes answer, loosely: each test reads the fields its route has. */
export interface AnswerBody {
  readonly error: { readonly code: string; readonly message: string };
  readonly items: { readonly id: string; readonly templateKey: string; readonly readAt: string | null }[];
  readonly nextCursor: string | null;
  readonly [field: string]: unknown;
}

/** An agency of the test's own, so no other run's dossiers reach its desk. */
export function testAgency(): string {
  return `000.00.12.${String.fromCharCode(65 + randomInt(16))}${String(randomInt(100)).padStart(2, '0')}`;
}

/** The environment a notification deployment runs with here: the bed's mailbox, SMS sandbox, vault and issuer. */
export async function notificationEnv(bed: { issuer: RunningDevIssuer; vault: FakeVault; mailbox: RunningDevMailbox; sms: RunningDevSms; smsKeyFile: string }, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  return {
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: await freshDatabase(postgresAdminUrl, 'notification'),
    KAFKA_BROKERS: kafkaBrokers.join(','),
    AUTH_ISSUER: bed.issuer.url,
    AUTH_JWKS_URL: bed.issuer.jwksUrl,
    VAULT_URL: bed.vault.url,
    PORTAL_URL: 'https://dichvucong.example.vn',
    SMTP_HOST: bed.mailbox.smtpHost,
    SMTP_PORT: String(bed.mailbox.smtpPort),
    SMS_PROVIDER: 'sandbox',
    SMS_SANDBOX_URL: bed.sms.url,
    SMS_SANDBOX_API_KEY_FILE: bed.smsKeyFile,
    DISPATCH_INTERVAL_MS: '0',
    RETRY_BASE_MS: '100',
    SEND_LEASE_MS: '1000',
    ...signingKeyEnv(await generateSigningKey(`notification-test-${randomUUID().slice(0, 8)}`)),
    ...extra,
  };
}

/**
 * Everything a notification test needs, for real: Kafka, PostgreSQL, an SMTP server and the
 * SMS sandbox; the vault is a fake serving keys and citizen references, the intake and
 * payment are the test publishing their signed events.
 */
export class NotificationTestBed {
  service!: RunningService;
  dataSource!: DataSource;
  private producer!: Producer;

  private constructor(
    readonly issuer: RunningDevIssuer,
    readonly vault: FakeVault,
    readonly mailbox: RunningDevMailbox,
    readonly sms: RunningDevSms,
    readonly smsKeyFile: string,
    readonly agencyCode: string,
    readonly intakeSigner: SigningIdentity,
    readonly paymentSigner: SigningIdentity,
    readonly vaultSigner: SigningIdentity,
  ) {}

  static async start(options: { serve?: boolean; extra?: Record<string, string> } = {}): Promise<NotificationTestBed> {
    const agencyCode = testAgency();
    await ensureTopics(createKafka({ clientId: 'notification-test-setup', brokers: providedInfrastructure().kafkaBrokers }), PLATFORM_TOPICS);
    const issuer = await serveDevIssuer();
    const vault = await FakeVault.start();
    const smsKey = `sms-key-${randomUUID()}`;
    const smsKeyFile = join(await mkdtemp(join(tmpdir(), 'notification-sms-')), 'api-key');
    await writeFile(smsKeyFile, `${smsKey}\n`);
    const [intakeSigner, paymentSigner, vaultSigner] = await Promise.all(
      [`intake-${agencyCode.toLowerCase()}-${randomUUID().slice(0, 8)}`, `payment-${randomUUID().slice(0, 8)}`, `vault-${randomUUID().slice(0, 8)}`].map(async (id) => SigningIdentity.load(await generateSigningKey(id))),
    );
    vault.registerAgency(agencyCode, intakeSigner);
    vault.registerService('payment', paymentSigner);
    vault.registerService('vault', vaultSigner);
    const mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0 });
    const sms = await startDevSms({ port: 0, apiKey: smsKey });
    const kafka = new Kafka({ clientId: `notification-test-${randomUUID().slice(0, 8)}`, brokers: providedInfrastructure().kafkaBrokers, logLevel: 0 });
    const bed = new NotificationTestBed(issuer, vault, mailbox, sms, smsKeyFile, agencyCode, intakeSigner, paymentSigner, vaultSigner);
    bed.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await bed.producer.connect();
    if (options.serve !== false) await bed.serve(options.extra);
    return bed;
  }

  /** The notification service in-process, on a new database, migrated and consuming. */
  async serve(extra: Record<string, string> = {}): Promise<void> {
    const env = loadConfig(NotificationEnvironment, await notificationEnv(this, extra));
    await runMigrations(databaseSettings(notificationService.infrastructure(env)));
    this.service = await startService(notificationService, env);
    this.dataSource = this.service.app.get(DataSource);
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    await this.producer?.disconnect();
    await this.sms.stop();
    await this.mailbox.stop();
    await this.vault.stop();
    await this.issuer.stop();
  }

  get url(): string {
    return this.service.url;
  }

  /** A citizen: their token and the vault's reference for them. */
  async citizen(): Promise<{ token: string; citizenRef: string }> {
    const personalId = randomPersonalId();
    return { token: await this.issuer.issuer.issue({ role: 'citizen', subject: `citizen-${randomUUID()}`, personalId }), citizenRef: this.vault.citizenRefOf(personalId) };
  }

  officer(agencyCode = this.agencyCode): Promise<string> {
    return this.issuer.issuer.issue({ role: 'officer', subject: `officer-${randomUUID()}@${agencyCode}`, agencyCode });
  }

  admin(): Promise<string> {
    return this.issuer.issuer.issue({ role: 'admin', subject: `admin-${randomUUID()}` });
  }

  async call(method: string, path: string, token?: string, json?: unknown): Promise<{ status: number; body: AnswerBody }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : typeof json === 'string' ? json : JSON.stringify(json),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as AnswerBody };
  }

  /** Publishes as the producer that owns the event: the agency's intake, the payment service or the vault. */
  publish<T extends object>(definition: EventDefinition<T>, payload: T, eventId?: string): Promise<string> {
    const from = definition.type.startsWith('vn.gov.payment.') ? { source: '/payment', signer: this.paymentSigner } : definition.type.startsWith('vn.gov.vault.') ? { source: '/vault', signer: this.vaultSigner } : { source: `/intake-${this.agencyCode.toLowerCase()}`, signer: this.intakeSigner };
    return publishSigned(this.producer, definition, payload, from.source, from.signer, eventId);
  }

  /** A lifecycle move of `dossierId`, as the agency's intake publishes it. */
  move(dossierId: string, citizenRef: string, from: DossierLifecycleState, to: DossierLifecycleState, extra: Partial<DossierStatusChangedV1> = {}, eventId?: string): Promise<string> {
    return this.publish(
      DossierStatusChanged,
      {
        dossierId,
        agencyCode: this.agencyCode,
        procedureCode: 'TEST-CRIMINAL-RECORD',
        citizenRef,
        from,
        to,
        actorRole: to === 'submitted' ? 'citizen' : 'officer',
        serviceLevel: 4,
        at: new Date().toISOString(),
        ...extra,
      },
      eventId,
    );
  }
}
