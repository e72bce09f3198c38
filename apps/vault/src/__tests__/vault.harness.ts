import { randomInt, randomUUID } from 'node:crypto';
import { Kafka, type Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DocumentProvided, DocumentProvidedV1, newCloudEvent, PLATFORM_TOPICS, toKafkaHeaders, validateEventPayload, type EventDefinition } from '@app/contracts';
import { EventConsumerServer, ensureTopics, generateSigningKey, SIGNATURE_HEADER, signingKeyEnv, SigningIdentity } from '@app/messaging';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type Principal, type RunningService } from '@app/platform';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { eventually, freshDatabase, providedInfrastructure, randomPersonalId } from '@app/testing';
import { VaultEnvironment } from '../vault-environment';
import { vaultService } from '../vault.service-definition';

/**
 * The vault started in-process on a fresh database, against the real broker, the way
 * production starts it (startService), with a development token issuer.
 */
export class VaultHarness {
  private constructor(
    readonly service: RunningService,
    readonly env: VaultEnvironment,
    readonly issuer: RunningDevIssuer,
    readonly kafka: Kafka,
    readonly dataSource: DataSource,
    private readonly producer: Producer,
  ) {}

  /** Each intake this test plays, by CloudEvents source: its key, registered with the vault on first use. */
  private readonly intakeKeys = new Map<string, Promise<SigningIdentity>>();

  static async start(vars: Record<string, string> = {}): Promise<VaultHarness> {
    const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
    const kafka = new Kafka({ clientId: 'vault-test', brokers: kafkaBrokers, logLevel: 0 });
    // What the platform's topic setup does before any service starts.
    await ensureTopics(kafka, PLATFORM_TOPICS);
    const issuer = await serveDevIssuer();
    const env = loadConfig(VaultEnvironment, {
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'vault'),
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      ...signingKeyEnv(await generateSigningKey(`vault-test-${randomUUID()}`)),
      ...vars,
    });
    await runMigrations(databaseSettings(vaultService.infrastructure(env)));
    const service = await startService(vaultService, env);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return new VaultHarness(service, env, issuer, kafka, service.app.get(DataSource), producer);
  }

  async stop(): Promise<void> {
    await this.service.stop();
    await this.producer.disconnect();
    await this.issuer.stop();
  }

  http() {
    return request(this.service.url);
  }

  /** This vault's consumer group, which names it in the dead letters it writes. */
  get consumerGroup(): string {
    return this.service.app.get(EventConsumerServer).consumerGroup;
  }

  async bearer(principal: Principal): Promise<string> {
    return `Bearer ${await this.issuer.issuer.issue(principal)}`;
  }

  citizen(personalId = randomPersonalId()): Promise<string> {
    return this.bearer({ role: 'citizen', subject: `citizen-${randomUUID()}`, personalId });
  }

  officer(agencyCode: string, subject = `officer-${randomUUID().slice(0, 8)}@${agencyCode}`): Promise<string> {
    return this.bearer({ role: 'officer', subject, agencyCode });
  }

  admin(): Promise<string> {
    return this.bearer({ role: 'admin', subject: 'test-admin' });
  }

  /**
   * Produces straight to the event's real topic, as an intake's outbox relay would, signed by
   * the intake of the agency the payload names (unless told otherwise). The payload is checked
   * against its contract first, so nothing but the contract's fields (no token, no personal id
   * a test happens to hold) is ever sent to the shared broker.
   *
   * `signer`: another key (a forgery), or null for no signature at all.
   */
  async produce<T extends object>(
    definition: EventDefinition<T>,
    payload: T,
    source = sourceOf(payload),
    options: { signer?: SigningIdentity | null } = {},
  ): Promise<string> {
    validateEventPayload(definition, JSON.parse(JSON.stringify(payload)));
    // The key first: an event dated before its key came into force would be refused.
    const signer = options.signer === undefined ? await this.intakeKey(source) : options.signer;
    const event = newCloudEvent({ source, type: definition.type, ...(definition.subject ? { subject: definition.subject(payload) } : {}) });
    const value = JSON.stringify(payload);
    const signature = signer ? { [SIGNATURE_HEADER]: await signer.sign(event, Buffer.from(value)) } : {};
    await this.producer.send({
      topic: definition.topic(payload),
      acks: -1,
      messages: [{ key: definition.key(payload), value, headers: { ...toKafkaHeaders(event), ...signature } }],
    });
    return event.id;
  }

  /** The key of the intake at `source` (`/intake-<agency>`), generated and registered with the vault once. */
  intakeKey(source: string): Promise<SigningIdentity> {
    let key = this.intakeKeys.get(source);
    if (!key) {
      key = this.registerIntakeKey(source);
      this.intakeKeys.set(source, key);
    }
    return key;
  }

  private async registerIntakeKey(source: string): Promise<SigningIdentity> {
    const agencyCode = /^\/intake-(.+)$/.exec(source)?.[1]?.toUpperCase();
    const key = await generateSigningKey(`${source.slice(1)}-${randomUUID().slice(0, 8)}`);
    if (agencyCode) {
      await this.http()
        .put(`/directory/signing-keys/${key.keyId}`)
        .set('authorization', await this.admin())
        .send({ ownerKind: 'agency', ownerCode: agencyCode, jwk: key.publicJwk })
        .expect(201);
    }
    return SigningIdentity.load(key);
  }

  async count(table: string, where = 'true', parameters: unknown[] = []): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, parameters);
    return row.n;
  }

  // ---- the reference data every test builds on, through the admin API --------------------------------

  /**
   * A governing body with agencies, all with codes unique to this run: availability topics
   * outlive test runs on the shared broker, so tests never meet an earlier run's records.
   */
  async createBody(options: { connected: boolean; agencies: string[] }): Promise<TestBody> {
    const prefix = randomCodeGroup();
    const suffix = `Z${String(randomInt(0, 100)).padStart(2, '0')}`;
    const code = `${prefix}.00.00.${suffix}`;
    const admin = await this.admin();
    await this.http()
      .put(`/directory/governing-bodies/${code}`)
      .set('authorization', admin)
      .send({ kind: 'province', nameVi: `Ủy ban nhân dân thử nghiệm ${code}`, nameEn: `Test People's Committee ${code}` })
      .expect(201);
    const agencies: Record<string, string> = {};
    for (const [index, name] of options.agencies.entries()) {
      const agencyCode = `${prefix}.00.${String(10 + index).padStart(2, '0')}.${suffix}`;
      agencies[name] = agencyCode;
      await this.http()
        .put(`/directory/agencies/${agencyCode}`)
        .set('authorization', admin)
        .send({ governingBodyCode: code, nameVi: `Sở ${name} ${code}`, nameEn: `Department of ${name} ${code}`, tier: 'province' })
        .expect(201);
    }
    if (options.connected) await this.setDataSharing(code, true);
    return { code, agencies };
  }

  async setDataSharing(code: string, connected: boolean): Promise<void> {
    await this.http()
      .put(`/directory/governing-bodies/${code}/data-sharing`)
      .set('authorization', await this.admin())
      .send({ connected })
      .expect(200);
  }

  /** The two types whose default validities the tests rely on, as in deploy/seed. */
  async createDocumentTypes(): Promise<void> {
    const admin = await this.admin();
    for (const [code, validityMonths] of [
      ['HEALTH_CERTIFICATE', 6],
      ['BIRTH_CERTIFICATE', null],
    ] as const) {
      await this.http()
        .put(`/document-types/${code}`)
        .set('authorization', admin)
        .send({ nameVi: code, nameEn: code, validityMonths })
        .expect((response) => expect([200, 201]).toContain(response.status));
    }
  }

  /** A citizen's own upload: it names a document type and nothing else (test may smuggle more, to see it refused). */
  upload(
    authorization: string,
    fields: { file?: Buffer; filename?: string; documentTypeCode: string; providedToAgencyCode?: string; dossierId?: string },
  ): request.Test {
    let call = this.http().post('/documents').set('authorization', authorization).field('documentTypeCode', fields.documentTypeCode);
    if (fields.providedToAgencyCode !== undefined) call = call.field('providedToAgencyCode', fields.providedToAgencyCode);
    if (fields.dossierId !== undefined) call = call.field('dossierId', fields.dossierId);
    if (fields.file) call = call.attach('file', fields.file, fields.filename ?? 'document.pdf');
    return call;
  }

  /**
   * What the agency's intake does once the citizen attaches the upload to a dossier: a signed
   * DocumentProvided, which binds the document to the dossier. Waits until the vault applied it.
   */
  async provideTo(document: { documentId: string; citizenRef: string }, agencyCode: string, dossierId: string): Promise<void> {
    await this.produce(
      DocumentProvided,
      Object.assign(new DocumentProvidedV1(), { documentId: document.documentId, citizenRef: document.citizenRef, agencyCode, dossierId, providedAt: new Date().toISOString() }),
    );
    await eventually(async () => expect(await this.count('document_attachment', 'document_id = $1 AND agency_code = $2 AND dossier_id = $3', [document.documentId, agencyCode, dossierId])).toBe(1));
  }

}

export interface TestBody {
  readonly code: string;
  /** Agency codes by the names the test gave them. */
  readonly agencies: Record<string, string>;
}

/** The intake that speaks for the agency a payload names; `/intake-test` when it names none. */
function sourceOf(payload: object): string {
  const agencyCode = (payload as { agencyCode?: unknown }).agencyCode;
  return typeof agencyCode === 'string' ? `/intake-${agencyCode.toLowerCase()}` : '/intake-test';
}

function randomCodeGroup(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from({ length: 3 }, () => alphabet[randomInt(0, alphabet.length)]).join('');
}
