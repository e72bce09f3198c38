import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { availabilityTopic } from '@app/contracts';
import { ensureTopics } from '@app/messaging';
import type { RunningService } from '@app/platform';
import { eventually, providedInfrastructure, ServiceProcess } from '@app/testing';
import { availabilityTopicSpec } from '../../apps/vault/src/directory/directory.service';
import { CitizenJourney, expectStatus } from '../support/citizen-journey';
import { PlatformHarness } from '../support/platform-harness';

const HANOI = '000.00.00.H26';
const HANOI_JUSTICE = '000.00.12.H26';
const HANOI_HEALTH = '000.00.15.H26';
const CRIMINAL_RECORD = 'JUS-CRIMINAL-RECORD'; // identity card, birth certificate, residence confirmation
const PRACTICE_LICENCE = 'HEA-PRACTICE-LICENCE'; // birth certificate, identity card, academic degree, health certificate
const METRICS_TOKEN = `metrics-${randomUUID()}`;
const REPUBLISH = `node dist/apps/vault/src/main.js republish-availability --body ${HANOI}`;

/** An index row as reuse sees it: everything but the version and the time it was written. */
interface IndexRow {
  document_id: string;
  citizen_ref: string;
  document_type_code: string;
  verified_by_agency_code: string;
  verified_by_agency_name: string;
  verified_at: string;
  valid_until: string | null;
  scope: string;
  status: string;
  withdrawn_reason: string | null;
}

/** What the vault's database says an intake's index should hold for one document. */
interface Truth {
  status: 'available' | 'withdrawn';
  withdrawn_reason: 'revoked' | 'expired' | null;
  version: number;
}

/**
 * The split the issue describes (a new Kafka beside old databases) and its remedy: the vault
 * notices that a governing body's availability topic lost its records and says so in
 * readiness and metrics; `republish-availability`, run as its own process like an operator
 * would, rebuilds the topic from the vault's database; every intake, old or new, converges to
 * the vault's documents; and a second run, under traffic, changes nothing.
 */
describe('rebuilding a governing body’s availability topic from the vault', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'availability-rebuild-test', brokers: kafkaBrokers, logLevel: 0 });
  let platform: PlatformHarness;

  beforeAll(async () => {
    platform = await PlatformHarness.start({
      kafkaBrokers,
      postgresAdminUrl,
      intakes: [HANOI_JUSTICE, HANOI_HEALTH],
      vaultEnv: { AVAILABILITY_AUDIT_INTERVAL_MS: '1000', EXPIRY_SWEEP_INTERVAL_MS: '300', METRICS_TOKEN },
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** Every document the vault announced under Hà Nội, as the vault's own tables have it. */
  async function vaultTruth(): Promise<Map<string, Truth>> {
    const rows = await platform.vault.app.get(DataSource).query<{ id: string; status: string; expiry_announced: boolean; version: number }[]>(
      `SELECT document.id, document.status, document.availability_withdrawn_at IS NOT NULL AS expiry_announced, document.availability_version::int AS version
       FROM document JOIN agency ON agency.code = document.verified_by_agency_code
       WHERE agency.governing_body_code = $1 AND document.availability_version > 0`,
      [HANOI],
    );
    return new Map(
      rows.map((row) => {
        const reason = row.status === 'revoked' ? 'revoked' : row.expiry_announced ? 'expired' : null;
        return [row.id, { status: reason ? 'withdrawn' : 'available', withdrawn_reason: reason, version: row.version }];
      }),
    );
  }

  async function indexOf(intake: RunningService, ids: readonly string[]): Promise<(IndexRow & { version: number })[]> {
    return intake
      .app.get(DataSource)
      .query(
        `SELECT document_id, citizen_ref, document_type_code, verified_by_agency_code, verified_by_agency_name, verified_at::text, valid_until::text,
                scope, status, withdrawn_reason, version::int
         FROM reusable_document WHERE document_id = ANY($1) ORDER BY document_id`,
        [ids],
      );
  }

  /** Waits until each intake holds, for every document the vault announced, the vault's latest record (same version). */
  async function expectConverged(intakes: readonly RunningService[]): Promise<Map<string, Truth>> {
    return eventually(async () => {
      const truth = await vaultTruth();
      for (const intake of intakes) {
        const rows = await indexOf(intake, [...truth.keys()]);
        const held = new Map(rows.map((row) => [row.document_id, { status: row.status, withdrawn_reason: row.withdrawn_reason, version: row.version }]));
        expect(held).toEqual(truth);
        // Hà Nội shares data: every one of its records is for the whole body.
        expect(new Set(rows.map((row) => row.scope))).toEqual(new Set(['governing-body']));
      }
      return truth;
    }, 90_000, 250);
  }

  async function readiness(): Promise<{ status: number; body: { error?: { code: string; message: string; details: Record<string, Record<string, unknown>> } } }> {
    const response = await request(platform.vault.url).get('/health/ready');
    return { status: response.status, body: response.body };
  }

  async function missingRecordsGauge(): Promise<number | undefined> {
    const text = (await request(platform.vault.url).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    const line = text.split('\n').find((candidate) => candidate.startsWith('availability_topic_records_missing{') && candidate.includes(`body="${HANOI}"`));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  }

  /** The topic is deleted and created again, empty: what a new broker beside old databases looks like to the vault. */
  async function loseTopic(): Promise<void> {
    const topic = availabilityTopic(HANOI);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic], timeout: 30_000 });
      await eventually(async () => expect(await admin.listTopics()).not.toContain(topic), 30_000, 200);
      // Deletion finishes asynchronously on the broker: creating too early is refused.
      await eventually(async () => {
        await ensureTopics(kafka, [availabilityTopicSpec(HANOI)]);
        const offsets = await admin.fetchTopicOffsets(topic);
        expect(offsets.map((partition) => partition.high)).toEqual(offsets.map(() => '0'));
      }, 30_000, 500);
    } finally {
      await admin.disconnect();
    }
  }

  /** The operator's command, as its own process against the vault's database. */
  async function republish(): Promise<string> {
    const command = ServiceProcess.start('vault', { ...platform.rawVaultEnv(), LOG_LEVEL: 'warn' }, ['republish-availability', '--body', HANOI]);
    const code = await command.exited;
    if (code !== 0) throw new Error(`republish-availability exited with ${code}:\n${command.log.slice(-3_000)}`);
    return command.log;
  }

  it('reports the lost topic in readiness and metrics, and a republication makes every intake converge, twice over without change', async () => {
    const citizen = new CitizenJourney(platform);
    await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'BIRTH_CERTIFICATE');
    await citizen.provideVerified(HANOI_HEALTH, PRACTICE_LICENCE, 'ACADEMIC_DEGREE');
    const revoked = await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'IDENTITY_CARD');
    const expiring = await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'RESIDENCE_CONFIRMATION', new Date(Date.now() + 4_000).toISOString());
    expectStatus(await citizen.revokeAs(HANOI_JUSTICE, revoked), 201);
    // The expiry sweep withdraws the short-lived one within seconds.
    await eventually(async () => expect((await vaultTruth()).get(expiring)).toMatchObject({ status: 'withdrawn', withdrawn_reason: 'expired' }), 30_000, 250);
    const intakes = [platform.intake(HANOI_JUSTICE), platform.intake(HANOI_HEALTH)];
    const truth = await expectConverged(intakes);
    expect(truth.size).toBe(4);
    await eventually(async () => expect((await readiness()).status).toBe(200));
    expect(await missingRecordsGauge()).toBe(0);

    // The vault is redeployed on its database while the broker lost the body's topic.
    await platform.restartVault(loseTopic);
    // Told at once: the first comparison runs before the vault listens.
    const split = await readiness();
    expect(split.status).toBe(503);
    expect(split.body.error).toMatchObject({ code: 'NOT_READY', message: expect.stringContaining(`availability (availability topics miss records of ${HANOI} (4 announced, 0 on the topic)`) });
    expect(split.body.error?.details).toMatchObject({
      postgres: { status: 'up' },
      kafka: { status: 'up' },
      availability: { status: 'down', command: REPUBLISH, bodies: [{ body: HANOI, announced: 4, recorded: 0, pending: 0, missing: 4, topicExists: true }] },
    });
    expect(await missingRecordsGauge()).toBe(4);

    // A new deployment of an agency, on an empty database, finds nothing on the topic to rebuild from.
    const fresh = await platform.startIntake(HANOI_HEALTH);
    try {
      expect(await indexOf(fresh, [...truth.keys()])).toEqual([]);

      const first = await republish();
      expect(first).toContain(`body ${HANOI}: 4/4`);
      expect(first).toContain(`body ${HANOI}: 2 available, 2 withdrawn`);
      expect(first).toContain('the availability topics hold a record of every announced document');
      const rebuilt = await expectConverged([...intakes, fresh]);
      for (const [id, record] of rebuilt) expect(record.version, id).toBe(truth.get(id)!.version + 1);
      expect(rebuilt.get(revoked)).toMatchObject({ status: 'withdrawn', withdrawn_reason: 'revoked' });
      await eventually(async () => expect((await readiness()).status).toBe(200), 30_000, 250);
      expect(await missingRecordsGauge()).toBe(0);

      // Again, while a citizen's new document is being verified: only versions move.
      const before = await Promise.all([...intakes, fresh].map((intake) => indexOf(intake, [...truth.keys()])));
      const [second, newcomer] = await Promise.all([republish(), citizen.provideVerified(HANOI_HEALTH, PRACTICE_LICENCE, 'HEALTH_CERTIFICATE')]);
      expect(second).toContain('the availability topics hold a record of every announced document');
      const again = await expectConverged([...intakes, fresh]);
      expect(again.get(newcomer)).toMatchObject({ status: 'available' });
      for (const [id, record] of rebuilt) expect(again.get(id)!.version, id).toBe(record.version + 1);
      const after = await Promise.all([...intakes, fresh].map((intake) => indexOf(intake, [...truth.keys()])));
      const withoutVersion = (rows: (IndexRow & { version: number })[]) => rows.map((row) => ({ ...row, version: undefined }));
      expect(after.map(withoutVersion)).toEqual(before.map(withoutVersion));
      expect((await readiness()).status).toBe(200);
    } finally {
      await fresh.stop();
    }
  });

  it('ends with every revoked document withdrawn at every sibling when revocations race a republication', async () => {
    // One citizen each: the same citizen would rightly not be asked for a second birth certificate.
    const citizens = Array.from({ length: 4 }, () => new CitizenJourney(platform));
    const documents = [];
    for (const citizen of citizens) documents.push(await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'BIRTH_CERTIFICATE'));
    // The vault applies each verification a moment after the intake's answer: only then may its verifier revoke it.
    for (const documentId of documents) await eventually(async () => expect((await platform.intakeIndex(HANOI_HEALTH, documentId))?.status).toBe('available'), 30_000, 100);

    // Each revocation and the republication's batch take the document's row lock in turn:
    // whichever commits last, it appends the document's current record as its highest version.
    const [output, ...revocations] = await Promise.all([republish(), ...documents.map((documentId, i) => citizens[i].revokeAs(HANOI_JUSTICE, documentId))]);
    expect(output).toContain('the availability topics hold a record of every announced document');
    for (const revocation of revocations) expectStatus(revocation, 201);

    const truth = await expectConverged([platform.intake(HANOI_JUSTICE), platform.intake(HANOI_HEALTH)]);
    for (const documentId of documents) expect(truth.get(documentId)).toMatchObject({ status: 'withdrawn', withdrawn_reason: 'revoked' });
  });
});
