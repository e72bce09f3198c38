import { randomInt, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { DocumentAvailability, newCloudEvent, toKafkaHeaders, type DocumentAvailabilityV1 } from '@app/contracts';
import { generateSigningKey, SIGNATURE_HEADER, signingKeyEnv, type SigningIdentity } from '@app/messaging';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type ApiErrorBody, type RunningService } from '@app/platform';
import { type DevTokenIssuer } from '@app/dev-issuer';
import { freshDatabase, publishSigned } from '@app/testing';
import { IntakeEnvironment } from '../intake-environment';
import { intakeService } from '../intake.service-definition';
import { ProcedureSeeder } from '../procedures/procedure.seeder';
import type { Fee } from '../procedures/procedure-information';
import { informationFixture } from './procedure-fixtures';

/** A governing body of the test's own (`000.00.00.Z42`, …), so no other run reads or writes its topic. */
export function testGoverningBody() {
  const group = `${String.fromCharCode(81 + randomInt(10))}${String(randomInt(100)).padStart(2, '0')}`;
  return {
    code: `000.00.00.${group}`,
    thisAgency: `000.00.12.${group}`,
    siblingAgency: `000.00.15.${group}`,
  };
}

/** Answers that satisfy the test procedures' application form (`applicationFormFixture`). */
export const SAMPLE_ANSWERS = { hoTen: 'Nguyễn Văn An', soBanSao: 0 };

/** Procedures of the test body's agencies, in the shape of deploy/seed/procedures.json, with the real document types. */
export async function testProcedureFolder(thisAgency: string, siblingAgency: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'intake-seed-'));
  const procedure = (code: string, level: 1 | 2 | 3 | 4, requiredDocumentTypes: string[], agencies: string[], fees?: Fee[]) => ({
    code,
    agencies,
    information: informationFixture({ level, requiredDocumentTypes, nameVi: `Thủ tục ${code}`, ...(fees ? { fees } : {}) }),
  });
  const procedures = [
    // Its fee is returned if the dossier is rejected after payment; the other procedures' are not.
    procedure('TEST-CRIMINAL-RECORD', 4, ['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION'], [thisAgency, siblingAgency], [
      { code: 'LE-PHI', nameVi: 'Lệ phí', kind: 'fixed', amountVnd: 4000, refundedOnRejection: true },
    ]),
    procedure('TEST-LICENCE', 3, ['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION', 'ACADEMIC_DEGREE', 'HEALTH_CERTIFICATE'], [thisAgency]),
    procedure('TEST-CERTIFIED-COPY', 2, [], [thisAgency]),
    procedure('TEST-SIBLING-ONLY', 4, ['IDENTITY_CARD'], [siblingAgency]),
  ];
  await writeFile(join(folder, 'procedures.json'), JSON.stringify({ _note: 'test catalog', procedures }));
  await copyFile('deploy/seed/document-types.json', join(folder, 'document-types.json'));
  return folder;
}

export interface RunningIntake {
  readonly service: RunningService;
  readonly env: IntakeEnvironment;
  readonly dataSource: DataSource;
  /** The seeder's one-line summary. */
  readonly seeded: string;
  stop(): Promise<void>;
}

/** One agency's intake, in-process, on a new empty database: migrated, seeded, consuming. */
export async function startIntake(options: {
  postgresAdminUrl: string;
  kafkaBrokers: string[];
  issuerUrl: string;
  jwksUrl: string;
  agencyCode: string;
  vaultUrl: string;
  seedFolder: string;
  extra?: Record<string, string>;
}): Promise<RunningIntake> {
  const env = loadConfig(IntakeEnvironment, {
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: await freshDatabase(options.postgresAdminUrl, 'intake'),
    KAFKA_BROKERS: options.kafkaBrokers.join(','),
    AUTH_ISSUER: options.issuerUrl,
    AUTH_JWKS_URL: options.jwksUrl,
    AGENCY_CODE: options.agencyCode,
    VAULT_URL: options.vaultUrl,
    ...signingKeyEnv(await generateSigningKey(`intake-${options.agencyCode.toLowerCase()}-${randomUUID().slice(0, 8)}`)),
    ...options.extra,
  });
  await runMigrations(databaseSettings(intakeService.infrastructure(env)));
  const service = await startService(intakeService, env);
  const seeded = await service.app.get(ProcedureSeeder).seed(options.seedFolder);
  return { service, env, dataSource: service.app.get(DataSource), seeded, stop: () => service.stop() };
}

/** Publishes availability records as the vault would: keyed by document id, CloudEvents headers, versions per document. */
export class AvailabilityPublisher {
  /** The last version published of each document, so each new record supersedes the one before. */
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly producer: Producer,
    private readonly governingBodyCode: string,
    private readonly defaultAgency: { code: string; name: string },
    private readonly signer: SigningIdentity,
  ) {}

  /** `signer`: the (fake) vault's key, which the intake finds in the vault's JWKS. */
  static async connect(kafka: Kafka, governingBodyCode: string, defaultAgency: { code: string; name: string }, signer: SigningIdentity): Promise<AvailabilityPublisher> {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    return new AvailabilityPublisher(producer, governingBodyCode, defaultAgency, signer);
  }

  /**
   * Accepts what an earlier `publish` returned, to publish a newer record of the same document:
   * the version is always the document's next one, unless `options.version` says otherwise
   * (to play a late, older record).
   */
  async publish(
    input: Partial<DocumentAvailabilityV1> & Pick<DocumentAvailabilityV1, 'citizenRef' | 'documentTypeCode'> & { eventId?: string },
    /** `version`: the record's own (default: the next one); a forgery: another source than the vault, another key, or no signature at all (null). */
    options: { version?: number; source?: string; signer?: SigningIdentity | null } = {},
  ): Promise<DocumentAvailabilityV1 & { eventId: string }> {
    const record: Partial<DocumentAvailabilityV1> & { eventId?: string } = { ...input };
    delete record.eventId;
    delete record.version;
    const full: DocumentAvailabilityV1 = {
      documentId: randomUUID(),
      governingBodyCode: this.governingBodyCode,
      verifiedByAgencyCode: this.defaultAgency.code,
      verifiedByAgencyName: this.defaultAgency.name,
      verifiedAt: new Date(Date.now() - 86_400_000).toISOString(),
      scope: 'governing-body',
      status: 'available',
      ...record,
      citizenRef: input.citizenRef,
      documentTypeCode: input.documentTypeCode,
      version: 0,
    };
    full.version = options.version ?? (this.versions.get(full.documentId) ?? 0) + 1;
    this.versions.set(full.documentId, Math.max(full.version, this.versions.get(full.documentId) ?? 0));
    const event = newCloudEvent({ source: options.source ?? '/vault', type: DocumentAvailability.type, subject: full.documentId });
    const value = JSON.stringify(full);
    const signer = options.signer === undefined ? this.signer : options.signer;
    const signature = signer ? { [SIGNATURE_HEADER]: await signer.sign(event, Buffer.from(value)) } : {};
    await this.producer.send({
      // Always this body's topic: a record naming another body is what a publishing fault would look like.
      topic: DocumentAvailability.topic({ ...full, governingBodyCode: this.governingBodyCode }),
      acks: -1,
      messages: [{ key: full.documentId, value, headers: { ...toKafkaHeaders(event), ...signature } }],
    });
    return { ...full, eventId: event.id };
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

export interface HttpResult<T> {
  readonly status: number;
  readonly body: T;
}

/** A tiny HTTP client for the intake's API, carrying a bearer token and JSON or a form. */
export function api(baseUrl: string) {
  return async function call<T = ApiErrorBody>(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; form?: FormData; headers?: Record<string, string>; query?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    const response = await fetch(`${baseUrl}${path}${query}`, {
      method,
      headers,
      body: options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

export function uploadForm(documentTypeCode: string, content: string | Buffer = '%PDF-1.7\n% test document\n', fileName = 'scan.pdf'): FormData {
  const form = new FormData();
  form.append('documentTypeCode', documentTypeCode);
  form.append('file', new Blob([new Uint8Array(Buffer.from(content))], { type: 'application/pdf' }), fileName);
  return form;
}

export function citizenToken(issuer: DevTokenIssuer, personalId: string): Promise<string> {
  return issuer.issue({ role: 'citizen', subject: `citizen-${randomUUID()}`, personalId });
}

export function officerToken(issuer: DevTokenIssuer, agencyCode: string): Promise<string> {
  return issuer.issue({ role: 'officer', subject: `officer-${randomUUID()}@${agencyCode}`, agencyCode });
}

export { publishSigned };
