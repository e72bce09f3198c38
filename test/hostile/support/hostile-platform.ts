import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startDevMailbox, startDevSms, type RunningDevMailbox, type RunningDevSms } from '@app/dev-mailbox';
import { findFreePort } from '@app/local-infra';
import { generateSigningKey, signingKeyEnv } from '@app/messaging';
import { startSandboxGateway, type RunningSandboxGateway } from '@app/payment-sandbox';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type Principal, type RunningService } from '@app/platform';
import { eventually, freshDatabase } from '@app/testing';
import { NotificationEnvironment } from '../../../apps/notification/src/notification-environment';
import { notificationService } from '../../../apps/notification/src/notification.service-definition';
import { PlatformHarness } from '../../support/platform-harness';

/** The two sibling agencies under Hà Nội (connected data sharing) that the hostile suites run against. */
export const HOME_AGENCY = '000.00.12.H26';
export const OTHER_AGENCY = '000.00.15.H26';

/** How the suites name each deployment; an intake is named after its agency. */
export type ServiceName = 'vault' | `intake-${typeof HOME_AGENCY}` | `intake-${typeof OTHER_AGENCY}` | 'payment' | 'notification';
export const SERVICE_NAMES: readonly ServiceName[] = ['vault', `intake-${HOME_AGENCY}`, `intake-${OTHER_AGENCY}`, 'payment', 'notification'];

/** The agency a deployment serves: an intake's own; the shared services' officers are the home agency's. */
export function agencyOf(service: ServiceName): string {
  return service === `intake-${OTHER_AGENCY}` ? OTHER_AGENCY : HOME_AGENCY;
}

/**
 * Every service of the platform for real, in one process, against the test Kafka and
 * PostgreSQL: the vault and two sibling intakes (PlatformHarness), the payment service with
 * the sandbox gateway, and the notification service with the development mailbox and SMS
 * sandbox, reading keys and citizen references from the real vault. Hostile requests reach
 * exactly what production runs, and everything a request writes lands in a real database.
 */
export class HostilePlatform {
  private constructor(
    readonly harness: PlatformHarness,
    private readonly payment: RunningService,
    private readonly sandbox: RunningSandboxGateway,
    private readonly notification: RunningService,
    private readonly mailbox: RunningDevMailbox,
    private readonly sms: RunningDevSms,
  ) {}

  static async start(infrastructure: { kafkaBrokers: string[]; postgresAdminUrl: string }): Promise<HostilePlatform> {
    const harness = await PlatformHarness.start({ ...infrastructure, intakes: [HOME_AGENCY, OTHER_AGENCY] });
    const secretFile = join(await mkdtemp(join(tmpdir(), 'hostile-sandbox-')), 'secret');
    const secret = randomBytes(32).toString('hex');
    await writeFile(secretFile, secret, { mode: 0o600 });
    const [paymentPort, sandboxPort] = [await findFreePort(), await findFreePort()];
    const payment = await harness.startPayment({ port: paymentPort, sandboxUrl: `http://127.0.0.1:${sandboxPort}`, secretFile });
    const sandbox = await startSandboxGateway({ port: sandboxPort, hashSecret: secret, tmnCode: 'ONCEONLY', ipnUrl: `${payment.url}/gateways/sandbox/ipn`, ipnRetryDelaysMs: [200] });
    const mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0 });
    const smsKey = `sms-key-${randomUUID()}`;
    const sms = await startDevSms({ port: 0, apiKey: smsKey });
    const smsKeyFile = join(await mkdtemp(join(tmpdir(), 'hostile-sms-')), 'api-key');
    await writeFile(smsKeyFile, `${smsKey}\n`);
    const notificationKey = await generateSigningKey(`notification-hostile-${randomUUID().slice(0, 8)}`);
    await harness.registerKey({ kind: 'service', code: 'notification' }, notificationKey);
    const env = loadConfig(NotificationEnvironment, {
      HTTP_PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      DATABASE_URL: await freshDatabase(infrastructure.postgresAdminUrl, 'notification'),
      KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
      AUTH_ISSUER: harness.issuer.url,
      AUTH_JWKS_URL: harness.issuer.jwksUrl,
      VAULT_URL: harness.vault.url,
      PORTAL_URL: 'https://dichvucong.example.vn',
      SMTP_HOST: mailbox.smtpHost,
      SMTP_PORT: String(mailbox.smtpPort),
      SMS_PROVIDER: 'sandbox',
      SMS_SANDBOX_URL: sms.url,
      SMS_SANDBOX_API_KEY_FILE: smsKeyFile,
      ...signingKeyEnv(notificationKey),
    });
    await runMigrations(databaseSettings(notificationService.infrastructure(env)));
    const notification = await startService(notificationService, env);
    const platform = new HostilePlatform(harness, payment, sandbox, notification, mailbox, sms);
    await platform.waitUntilReady();
    return platform;
  }

  service(name: ServiceName): RunningService {
    switch (name) {
      case 'vault':
        return this.harness.vault;
      case 'payment':
        return this.payment;
      case 'notification':
        return this.notification;
      case `intake-${HOME_AGENCY}`:
        return this.harness.intake(HOME_AGENCY);
      case `intake-${OTHER_AGENCY}`:
        return this.harness.intake(OTHER_AGENCY);
    }
  }

  url(name: ServiceName): string {
    return this.service(name).url;
  }

  /** The service's own database, for counting what a batch of requests wrote. */
  database(name: ServiceName): DataSource {
    return this.service(name).app.get(DataSource);
  }

  token(principal: Principal): Promise<string> {
    return this.harness.token(principal);
  }

  /** Every service's /health/ready, as a probe sees it; the suites call it after every batch. */
  async readiness(): Promise<Map<ServiceName, number>> {
    const answers = await Promise.all(SERVICE_NAMES.map(async (name) => [name, (await fetch(`${this.url(name)}/health/ready`)).status] as const));
    return new Map(answers);
  }

  async waitUntilReady(): Promise<void> {
    await eventually(
      async () => {
        const unready = [...(await this.readiness())].filter(([, status]) => status !== 200);
        if (unready.length > 0) throw new Error(`not ready: ${unready.map(([name, status]) => `${name} ${status}`).join(', ')}`);
      },
      90_000,
      250,
    );
  }

  async stop(): Promise<void> {
    await this.notification.stop();
    await this.sandbox.stop();
    await this.payment.stop();
    await this.sms.stop();
    await this.mailbox.stop();
    await this.harness.stop();
  }
}
