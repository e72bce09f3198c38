import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import type { Kafka } from 'kafkajs';
import { PLATFORM_TOPICS } from '@app/contracts';
import { createKafka, ensureTopics, generateSigningKey, signingKeyEnv } from '@app/messaging';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { startDevMailbox, type RunningDevMailbox } from '@app/dev-mailbox';
import { startSandboxGateway, type RunningSandboxGateway } from '@app/payment-sandbox';
import {
  defaultKafkaDistDir,
  ensureDatabase,
  findFreePort,
  KAFKA_VERSION,
  startLocalKafka,
  startPrivatePostgres,
  type LocalKafkaHandle,
  type PrivatePostgresHandle,
} from '@app/local-infra';
import type { Principal } from '@app/platform';
import { KafkaStallProxy } from './kafka-stall-proxy';
import { ServiceDeployment } from './service-deployment';

/** Two sibling agencies under Hà Nội (connected data sharing), as in the launcher. */
export const AGENCY_A = '000.00.12.H26';
export const SIBLING_B = '000.00.15.H26';
const SANDBOX_TMN_CODE = 'ONCEONLY';

export interface FaultPlatformOptions {
  /** Wiped at start: the broker's data, the private cluster, the logs. */
  readonly stateDir: string;
  readonly kafkaPort: number;
  readonly postgresPort: number;
  readonly log: (line: string) => void;
  /** The services' IDEMPOTENCY_LEASE_SECONDS: 30 for the fault matrix (see below), the default 120 for the soak, which crashes nothing. */
  readonly idempotencyLeaseSeconds?: number;
}

/**
 * The whole platform for the fault matrix and the soak: a Kafka broker and a PostgreSQL cluster
 * of its own (so that both can be crashed), every service as its own process (so that each can
 * be killed), the broker reached through a stall proxy, and the development issuer, mailbox and
 * payment gateway in this process. Nothing is shared with the test run or the launcher.
 */
export class FaultPlatform {
  readonly deployments: ServiceDeployment[] = [];
  private pools = new Map<string, Pool>();

  private constructor(
    private readonly options: FaultPlatformOptions,
    readonly proxy: KafkaStallProxy,
    private kafkaHandle: LocalKafkaHandle,
    private postgresHandle: PrivatePostgresHandle,
    readonly issuer: RunningDevIssuer,
    readonly mailbox: RunningDevMailbox,
    readonly gateway: RunningSandboxGateway,
    readonly kafka: Kafka,
  ) {}

  static async start(options: FaultPlatformOptions): Promise<FaultPlatform> {
    const { stateDir, log } = options;
    rmSync(stateDir, { recursive: true, force: true });
    const logDir = resolve(stateDir, 'logs');
    mkdirSync(logDir, { recursive: true });

    const proxy = await KafkaStallProxy.start(0, options.kafkaPort);
    const kafkaHandle = await startBroker(options, proxy.port);
    const postgresHandle = await startPrivatePostgres({ stateDir, port: options.postgresPort, log });
    const kafka = createKafka({ clientId: 'fault-harness', brokers: kafkaHandle.brokers });
    await ensureTopics(kafka, PLATFORM_TOPICS);
    const issuer = await serveDevIssuer();
    // It keeps 1,000 mails by default; a full matrix sends tens of thousands, each checked by its Message-ID.
    const mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0, maxMessages: 10_000_000 });
    const ports = { vault: await findFreePort(), payment: await findFreePort(), notification: await findFreePort(), a: await findFreePort(), b: await findFreePort() };
    const hashSecret = randomBytes(24).toString('hex');
    const secretFile = resolve(stateDir, 'sandbox.secret');
    writeFileSync(secretFile, hashSecret, { mode: 0o600 });
    // The gateway keeps offering its IPN while the payment service is down, as VNPay does.
    const gateway = await startSandboxGateway({
      port: await findFreePort(),
      hashSecret,
      tmnCode: SANDBOX_TMN_CODE,
      ipnUrl: `http://127.0.0.1:${ports.payment}/gateways/sandbox/ipn`,
      ipnRetryDelaysMs: [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000, 8_000, 8_000, 8_000],
    });

    const platform = new FaultPlatform(options, proxy, kafkaHandle, postgresHandle, issuer, mailbox, gateway, kafka);
    const common = {
      // A retry after a crash waits for its first try's claim to lapse. Every request here ends
      // within 20 s (the vault client's 15 s timeout, PostgreSQL's 5 s connect timeout), so 30 s
      // still outlasts it; were it too short, a request would run twice and the oracle would say so.
      IDEMPOTENCY_LEASE_SECONDS: String(options.idempotencyLeaseSeconds ?? 30),
      KAFKA_BROKERS: kafkaHandle.brokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      VAULT_URL: `http://127.0.0.1:${ports.vault}`,
    };
    const deploy = async (name: string, app: ServiceDeployment['app'], port: number, env: Record<string, string>) => {
      const database = name.replaceAll(/[^a-z0-9]+/gi, '_').toLowerCase();
      const key = await generateSigningKey(`${name}-faults-${Date.now()}`);
      const deployment = new ServiceDeployment(name, app, port, {
        ...common,
        ...signingKeyEnv(key),
        HTTP_PORT: String(port),
        DATABASE_URL: await ensureDatabase(postgresHandle.adminUrl, database),
        ...env,
      }, logDir);
      platform.deployments.push(deployment);
      return { deployment, key };
    };
    const vault = await deploy('vault', 'vault', ports.vault, {});
    const others = [
      await deploy('payment', 'payment', ports.payment, {
        PUBLIC_URL: `http://127.0.0.1:${ports.payment}`,
        SANDBOX_GATEWAY_URL: gateway.url,
        SANDBOX_TMN_CODE,
        SANDBOX_HASH_SECRET_FILE: secretFile,
      }),
      await deploy('notification', 'notification', ports.notification, {
        SMTP_HOST: mailbox.smtpHost,
        SMTP_PORT: String(mailbox.smtpPort),
        DISPATCH_INTERVAL_MS: '500',
        // The per-recipient limit would hold the agency's own mailbox, told of every new dossier.
        RATE_LIMIT_COUNT: '100000',
        // A send cut short by a SIGKILL is retried once its lease ends; a minute would dwarf every other recovery.
        SEND_LEASE_MS: '10000',
      }),
      await deploy(`intake-${AGENCY_A.toLowerCase()}`, 'intake', ports.a, { AGENCY_CODE: AGENCY_A }),
      await deploy(`intake-${SIBLING_B.toLowerCase()}`, 'intake', ports.b, { AGENCY_CODE: SIBLING_B }),
    ];

    log('migrations and seed data');
    await Promise.all(platform.deployments.map((d) => d.run(['migrate'])));
    await Promise.all(platform.deployments.filter((d) => d.app !== 'payment').map((d) => d.run(['seed', 'deploy/seed'])));
    await vault.deployment.start();
    const admin = await issuer.issuer.issue({ role: 'admin', subject: 'fault-harness' });
    for (const { deployment, key } of others) {
      const owner = deployment.app === 'intake' ? { ownerKind: 'agency', ownerCode: deployment.env.AGENCY_CODE } : { ownerKind: 'service', ownerCode: deployment.app };
      const registered = await fetch(`${vault.deployment.url}/directory/signing-keys/${key.keyId}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...owner, jwk: key.publicJwk }),
      });
      if (registered.status !== 201) throw new Error(`registering the key of ${deployment.name} answered ${registered.status}: ${await registered.text()}`);
    }
    log('services');
    await Promise.all(others.map(({ deployment }) => deployment.start()));
    return platform;
  }

  get brokers(): string[] {
    return this.kafkaHandle.brokers;
  }

  deployment(name: string): ServiceDeployment {
    const found = this.deployments.find((d) => d.name === name);
    if (!found) throw new Error(`no deployment ${name}`);
    return found;
  }

  intake(agency: string): ServiceDeployment {
    return this.deployment(`intake-${agency.toLowerCase()}`);
  }

  token(principal: Principal): Promise<string> {
    return this.issuer.issuer.issue(principal);
  }

  /** A pool on one deployment's database (the oracle's and the recovery watch's reads). */
  pool(deployment: ServiceDeployment): Pool {
    let pool = this.pools.get(deployment.name);
    if (!pool) {
      pool = new Pool({ connectionString: deployment.env.DATABASE_URL, max: 2, connectionTimeoutMillis: 2_000 });
      // A pool whose server was crashed reports it here; the next query reconnects.
      pool.on('error', () => undefined);
      this.pools.set(deployment.name, pool);
    }
    return pool;
  }

  async crashKafka(): Promise<void> {
    await this.kafkaHandle.crash();
  }

  async restartKafka(): Promise<void> {
    this.kafkaHandle = await startBroker(this.options, this.proxy.port);
  }

  async crashPostgres(): Promise<void> {
    await this.postgresHandle.crash();
  }

  async restartPostgres(): Promise<void> {
    this.postgresHandle = await startPrivatePostgres({ stateDir: this.options.stateDir, port: this.options.postgresPort, log: this.options.log });
  }

  async stop(): Promise<void> {
    await Promise.all(this.deployments.map((d) => d.kill('SIGTERM')));
    await Promise.all([...this.pools.values()].map((pool) => pool.end().catch(() => undefined)));
    await Promise.all([this.issuer.stop(), this.mailbox.stop(), this.gateway.stop()]);
    await this.kafkaHandle.stop();
    await this.proxy.stop();
    await this.postgresHandle.stop();
  }
}

function startBroker(options: FaultPlatformOptions, advertisedPort: number): Promise<LocalKafkaHandle> {
  return startLocalKafka({
    stateDir: options.stateDir,
    kafkaPort: options.kafkaPort,
    distDir: defaultKafkaDistDir(options.stateDir),
    version: KAFKA_VERSION,
    log: options.log,
    advertisedPort,
  });
}
