import { PLATFORM_TOPICS } from '@app/contracts';
import { createKafka, ensureTopics, generateSigningKey, SigningIdentity, signingKeyEnv, type GeneratedSigningKey } from '@app/messaging';
import { ensureDevelopmentPki, serveDevelopmentTsa, type DevelopmentPki } from '@app/dev-pki';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type Principal, type RunningService, type ServiceEnvironment, type ServiceSpec } from '@app/platform';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { freshDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { IntakeEnvironment } from '../../apps/intake/src/intake-environment';
import { PaymentEnvironment } from '../../apps/payment/src/payment-environment';
import { paymentService } from '../../apps/payment/src/payment.service-definition';
import { intakeService } from '../../apps/intake/src/intake.service-definition';
import { VaultEnvironment } from '../../apps/vault/src/vault-environment';
import { vaultService } from '../../apps/vault/src/vault.service-definition';

export interface HarnessOptions {
  readonly kafkaBrokers: string[];
  readonly postgresAdminUrl: string;
  /** Agency codes that get an intake deployment each. */
  readonly intakes: readonly string[];
  readonly vaultEnv?: Record<string, string>;
  /** Each intake signs its results with a development certificate; with `timestamps`, through a development TSA (PAdES-BASELINE-T). */
  readonly timestamps?: boolean;
}

/** The agencies' Vietnamese names, as their certificates carry them. */
function agencyNames(): Map<string, string> {
  const directory = JSON.parse(readFileSync('deploy/seed/directory.json', 'utf8')) as { governingBodies: { agencies: { code: string; nameVi: string }[] }[] };
  return new Map(directory.governingBodies.flatMap((body) => body.agencies.map((agency) => [agency.code, agency.nameVi] as const)));
}

/**
 * The real vault and several real intakes, each with its own fresh database, in one
 * process, wired through the real broker exactly as in production: every cross-service
 * effect in these tests travels over Kafka or HTTP, never through shared state.
 */
export class PlatformHarness {
  readonly intakes = new Map<string, RunningService>();
  /** The payment service's key, registered in the vault's directory: what payment outcomes are signed with. */
  payment!: SigningIdentity;
  private paymentKey!: GeneratedSigningKey;

  private constructor(
    private readonly options: HarnessOptions,
    readonly issuer: RunningDevIssuer,
    private running: RunningService,
    /** The vault's validated environment: its database, for a command run as its own process. */
    readonly vaultEnv: VaultEnvironment,
    /** The development CA and every intake's certificate, as the launcher's setup step makes them. */
    readonly pki: DevelopmentPki,
    private readonly tsa: { url: string; close(): Promise<void> } | undefined,
  ) {}

  get vault(): RunningService {
    return this.running;
  }

  static async start(options: HarnessOptions): Promise<PlatformHarness> {
    const issuer = await serveDevIssuer();
    await ensureTopics(createKafka({ clientId: 'harness', brokers: options.kafkaBrokers }), PLATFORM_TOPICS);
    const vaultEnv = loadConfig(VaultEnvironment, {
      ...commonEnv(options, issuer, await freshDatabase(options.postgresAdminUrl, 'vault')),
      ...signingKeyEnv(await generateSigningKey(`vault-${Date.now()}`)),
      ...options.vaultEnv,
    });
    const vault = await migrateSeedAndStart(vaultService, vaultEnv);
    const names = agencyNames();
    const pkiDir = await mkdtemp(join(tmpdir(), 'harness-pki-'));
    const pki = await ensureDevelopmentPki(pkiDir, options.intakes.map((code) => ({ code, nameVi: names.get(code) ?? code })));
    const tsa = options.timestamps ? await serveDevelopmentTsa({ port: 0, pki, stateDir: join(pkiDir, 'tsa') }) : undefined;
    const harness = new PlatformHarness(options, issuer, vault, vaultEnv, pki, tsa);
    // As the setup step does: the payment service's key is in the directory before any intake reads an outcome.
    harness.paymentKey = await generateSigningKey(`payment-${Date.now()}`);
    await harness.registerKey({ kind: 'service', code: 'payment' }, harness.paymentKey);
    harness.payment = SigningIdentity.load(harness.paymentKey);
    for (const agency of options.intakes) harness.intakes.set(agency, await harness.startIntake(agency));
    return harness;
  }

  /** A new intake deployment for `agency` on an empty database (a new agency, or a rebuild). */
  async startIntake(agency: string): Promise<RunningService> {
    // What the setup step does for a new deployment: its own key, registered with the vault first.
    const key = await generateSigningKey(`intake-${agency.toLowerCase()}-${Date.now()}`);
    await this.registerKey({ kind: 'agency', code: agency }, key);
    const env = loadConfig(IntakeEnvironment, {
      ...commonEnv(this.options, this.issuer, await freshDatabase(this.options.postgresAdminUrl, `intake_${agency}`)),
      ...signingKeyEnv(key),
      AGENCY_CODE: agency,
      VAULT_URL: this.vault.url,
      APOLOGY_SWEEP_INTERVAL_MS: '0',
      ...this.resultSigningEnv(agency),
    });
    return migrateSeedAndStart(intakeService, env);
  }

  private resultSigningEnv(agency: string): Record<string, string> {
    if (!this.options.intakes.includes(agency)) return {};
    const files = this.pki.agency(agency);
    return {
      RESULT_SIGNING_P12_FILE: files.p12File,
      RESULT_SIGNING_P12_PASSWORD_FILE: files.p12PasswordFile,
      ...(this.tsa ? { RESULT_TIMESTAMP_URL: this.tsa.url } : {}),
    };
  }



  /**
   * Stops the vault and starts it again on the same database and port, as a redeployment
   * would; `whileStopped` runs in between (to lose a topic, say).
   */
  async restartVault(whileStopped: () => Promise<void> = () => Promise.resolve()): Promise<RunningService> {
    const port = new URL(this.running.url).port;
    await this.running.stop();
    await whileStopped();
    this.running = await startService(vaultService, loadConfig(VaultEnvironment, { ...this.rawVaultEnv(), HTTP_PORT: port }));
    return this.running;
  }

  /**
   * The real payment service, paying through a sandbox gateway at `sandboxUrl` whose merchant
   * secret is in `secretFile`, signing with the key the directory already holds for it.
   */
  async startPayment(options: { port: number; sandboxUrl: string; secretFile: string }): Promise<RunningService> {
    const env = loadConfig(PaymentEnvironment, {
      ...commonEnv(this.options, this.issuer, await freshDatabase(this.options.postgresAdminUrl, 'payment')),
      ...signingKeyEnv(this.paymentKey),
      HTTP_PORT: String(options.port),
      PUBLIC_URL: `http://127.0.0.1:${options.port}`,
      VAULT_URL: this.vault.url,
      SANDBOX_GATEWAY_URL: options.sandboxUrl,
      SANDBOX_TMN_CODE: 'ONCEONLY',
      SANDBOX_HASH_SECRET_FILE: options.secretFile,
    });
    return migrateSeedAndStart(paymentService, env);
  }

  /** Registers a public key in the vault's key directory through its admin API. */
  async registerKey(owner: { kind: 'agency' | 'service'; code: string }, key: Pick<GeneratedSigningKey, 'keyId' | 'publicJwk'>): Promise<void> {
    const response = await fetch(`${this.vault.url}/directory/signing-keys/${key.keyId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await this.token({ role: 'admin', subject: 'harness-admin' })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ownerKind: owner.kind, ownerCode: owner.code, jwk: key.publicJwk }),
    });
    if (response.status !== 201) throw new Error(`registering key ${key.keyId} answered ${response.status}: ${await response.text()}`);
  }

  intake(agency: string): RunningService {
    const intake = this.intakes.get(agency);
    if (!intake) throw new Error(`no intake for ${agency} in this harness`);
    return intake;
  }

  /** One row of an intake's reuse index, read straight from its database (for waiting, not for asserting rules). */
  async intakeIndex(agency: string, documentId: string): Promise<{ status: string; scope: string } | undefined> {
    const rows = await this.intake(agency)
      .app.get(DataSource)
      .query<{ status: string; scope: string }[]>('SELECT status, scope FROM reusable_document WHERE document_id = $1', [documentId]);
    return rows[0];
  }

  token(principal: Principal): Promise<string> {
    return this.issuer.issuer.issue(principal);
  }

  /** The vault's environment as variables again, for restarting it or running one of its commands as a process. */
  rawVaultEnv(): Record<string, string> {
    return rawEnv(this.vaultEnv);
  }

  async stop(): Promise<void> {
    for (const intake of this.intakes.values()) await intake.stop();
    await this.vault.stop();
    await this.issuer.stop();
    await this.tsa?.close();
  }
}

function rawEnv(env: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : String(value)]),
  );
}

function commonEnv(options: HarnessOptions, issuer: RunningDevIssuer, databaseUrl: string): Record<string, string> {
  return {
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: options.kafkaBrokers.join(','),
    AUTH_ISSUER: issuer.url,
    AUTH_JWKS_URL: issuer.jwksUrl,
  };
}

async function migrateSeedAndStart<E extends ServiceEnvironment>(spec: ServiceSpec<E>, env: E): Promise<RunningService> {
  await runMigrations(databaseSettings(spec.infrastructure(env)));
  const service = await startService(spec, env);
  if (spec.seeder) await service.app.get(spec.seeder).seed('deploy/seed');
  return service;
}
