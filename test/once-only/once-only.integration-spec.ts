import { Kafka } from 'kafkajs';
import { availabilityTopic, DocumentVerified, newTraceparent } from '@app/contracts';
import { eventually, providedInfrastructure, TopicRecorder } from '@app/testing';
import request from 'supertest';
import { CitizenJourney, expectStatus, type DossierView } from '../support/citizen-journey';
import { PlatformHarness } from '../support/platform-harness';

/** Hà Nội (connected data sharing): two sibling departments. Đà Nẵng: not connected. */
const HANOI = '000.00.00.H26';
const HANOI_JUSTICE = '000.00.12.H26';
const HANOI_HEALTH = '000.00.15.H26';
const DANANG_JUSTICE = '000.00.12.H17';
const DANANG_HEALTH = '000.00.15.H17';

const CRIMINAL_RECORD = 'JUS-CRIMINAL-RECORD'; // identity card, birth certificate, residence confirmation
const PRACTICE_LICENCE = 'HEA-PRACTICE-LICENCE'; // birth certificate, identity card, academic degree, health certificate

/**
 * The once-only rules of Circular 32/2017 end to end: the real vault and four real intakes
 * (each its own deployment and database), talking only over Kafka and HTTP.
 */
describe('once-only document reuse across agencies', () => {
  let platform: PlatformHarness;

  beforeAll(async () => {
    platform = await PlatformHarness.start({ ...providedInfrastructure(), intakes: [HANOI_JUSTICE, HANOI_HEALTH, DANANG_JUSTICE, DANANG_HEALTH] });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** Opens dossiers at `agency` until the document shows up as reused (availability is asynchronous). */
  async function eventuallyReused(citizen: CitizenJourney, agency: string, procedure: string, documentType: string): Promise<DossierView> {
    return eventually(async () => {
      const dossier = await citizen.openDossier(agency, procedure);
      expect(dossier.reused.map((document) => document.documentTypeCode)).toContain(documentType);
      return dossier;
    });
  }

  /** Waits until every intake has seen the latest availability of `documentId`, then opens a dossier. */
  async function settledDossier(citizen: CitizenJourney, agency: string, procedure: string, documentId: string, status: string, scope?: string): Promise<DossierView> {
    await eventually(async () => {
      const rows = await platform.intakeIndex(agency, documentId);
      expect(rows).toMatchObject({ status, ...(scope ? { scope } : {}) });
    });
    return citizen.openDossier(agency, procedure);
  }

  it('does not ask the same agency, nor a connected sibling, for a verified birth certificate again', async () => {
    const citizen = new CitizenJourney(platform);
    const first = await citizen.openDossier(HANOI_JUSTICE, CRIMINAL_RECORD);
    expect(first.reused).toEqual([]);
    expect(first.stillRequired).toContain('BIRTH_CERTIFICATE');
    const documentId = await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'BIRTH_CERTIFICATE');

    // Rule 2: a sibling under the same, connected, province.
    const atSibling = await eventuallyReused(citizen, HANOI_HEALTH, PRACTICE_LICENCE, 'BIRTH_CERTIFICATE');
    expect(atSibling.reused).toEqual([
      expect.objectContaining({ documentTypeCode: 'BIRTH_CERTIFICATE', documentId, verifiedByAgencyCode: HANOI_JUSTICE, verifiedByAgencyName: 'Sở Tư pháp thành phố Hà Nội', validUntil: null }),
    ]);
    expect(atSibling.stillRequired).not.toContain('BIRTH_CERTIFICATE');
    expect(atSibling.stillRequired).toEqual(expect.arrayContaining(['IDENTITY_CARD', 'ACADEMIC_DEGREE', 'HEALTH_CERTIFICATE']));
    // …and it cannot be made to ask for it.
    const again = await citizen.provide(HANOI_HEALTH, atSibling.id, 'BIRTH_CERTIFICATE');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_ON_FILE');

    // Rule 1: the agency that verified it.
    const sameAgency = await citizen.openDossier(HANOI_JUSTICE, CRIMINAL_RECORD);
    expect(sameAgency.reused.map((document) => document.documentId)).toEqual([documentId]);

    // Another province is asked for it.
    const elsewhere = await citizen.openDossier(DANANG_JUSTICE, CRIMINAL_RECORD);
    expect(elsewhere.reused).toEqual([]);
    expect(elsewhere.stillRequired).toContain('BIRTH_CERTIFICATE');

    // The citizen can see who used it, and when, and for which dossier.
    await eventually(async () => {
      const log = await citizen.accessLog();
      expect(log).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ documentId, action: 'reused', agencyCode: HANOI_HEALTH, dossierId: atSibling.id }),
          expect.objectContaining({ documentId, action: 'reused', agencyCode: HANOI_JUSTICE, dossierId: sameAgency.id }),
        ]),
      );
    });
  });

  it('keeps reuse within a province that has not connected data sharing to the verifying agency', async () => {
    const citizen = new CitizenJourney(platform);
    const documentId = await citizen.provideVerified(DANANG_JUSTICE, CRIMINAL_RECORD, 'BIRTH_CERTIFICATE');

    await eventuallyReused(citizen, DANANG_JUSTICE, CRIMINAL_RECORD, 'BIRTH_CERTIFICATE');
    const sibling = await settledDossier(citizen, DANANG_HEALTH, PRACTICE_LICENCE, documentId, 'available', 'agency');
    expect(sibling.reused).toEqual([]);
    expect(sibling.stillRequired).toContain('BIRTH_CERTIFICATE');
  });

  it('lets only in-scope officers read the content, and logs every read and refusal', async () => {
    const citizen = new CitizenJourney(platform);
    const documentId = await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'BIRTH_CERTIFICATE');
    const atSibling = await eventuallyReused(citizen, HANOI_HEALTH, PRACTICE_LICENCE, 'BIRTH_CERTIFICATE');

    // The vault learns of the sibling's dossier from its signed DocumentReused, a moment after the reuse.
    const read = await eventually(async () => {
      const attempt = await citizen.readContentAs(HANOI_HEALTH, documentId, atSibling.id);
      expect(attempt.status).toBe(200);
      return attempt;
    });
    expect(read.headers['content-type']).toMatch(/application\/pdf/);
    expect(Buffer.from(read.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const refused = await citizen.readContentAs(DANANG_JUSTICE, documentId, atSibling.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('OUT_OF_SCOPE');

    const log = await citizen.accessLog();
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ documentId, action: 'read', agencyCode: HANOI_HEALTH, dossierId: atSibling.id }),
        expect.objectContaining({ documentId, action: 'read-denied', agencyCode: DANANG_JUSTICE }),
      ]),
    );

    // Another citizen can neither read it nor see it in their log.
    const stranger = new CitizenJourney(platform);
    const strangerRead = await stranger.documentAs(await stranger.citizenToken(), documentId);
    expect([403, 404]).toContain(strangerRead.status);
    expect(await stranger.accessLog()).toEqual([]);
  });

  it('stops every reuse once the document is revoked', async () => {
    const citizen = new CitizenJourney(platform);
    const documentId = await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'BIRTH_CERTIFICATE');
    await eventuallyReused(citizen, HANOI_HEALTH, PRACTICE_LICENCE, 'BIRTH_CERTIFICATE');

    await citizen.revokeAs(HANOI_JUSTICE, documentId).then((response) => expect(response.status).toBe(201));

    for (const agency of [HANOI_JUSTICE, HANOI_HEALTH]) {
      const procedure = agency === HANOI_JUSTICE ? CRIMINAL_RECORD : PRACTICE_LICENCE;
      const dossier = await settledDossier(citizen, agency, procedure, documentId, 'withdrawn');
      expect(dossier.reused).toEqual([]);
      expect(dossier.stillRequired).toContain('BIRTH_CERTIFICATE');
    }
    expect((await citizen.readContentAs(HANOI_HEALTH, documentId, documentId)).status).toBe(403);
  });

  it('never reuses an expired document', async () => {
    const citizen = new CitizenJourney(platform);
    const soon = new Date(Date.now() + 2_000).toISOString();
    const documentId = await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'RESIDENCE_CONFIRMATION', soon);
    await eventuallyReused(citizen, HANOI_JUSTICE, CRIMINAL_RECORD, 'RESIDENCE_CONFIRMATION');

    await eventually(async () => {
      const dossier = await citizen.openDossier(HANOI_JUSTICE, CRIMINAL_RECORD);
      expect(dossier.reused).toEqual([]);
      expect(dossier.stillRequired).toContain('RESIDENCE_CONFIRMATION');
    });
    expect(documentId).toBeTruthy();
  });

  it('narrows reuse when a province disconnects data sharing, and widens it again when it reconnects', async () => {
    const citizen = new CitizenJourney(platform);
    const documentId = await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'IDENTITY_CARD');
    await eventuallyReused(citizen, HANOI_HEALTH, PRACTICE_LICENCE, 'IDENTITY_CARD');

    await citizen.setDataSharing(HANOI, false);
    try {
      const sibling = await settledDossier(citizen, HANOI_HEALTH, PRACTICE_LICENCE, documentId, 'available', 'agency');
      expect(sibling.reused).toEqual([]);
      const same = await citizen.openDossier(HANOI_JUSTICE, CRIMINAL_RECORD);
      expect(same.reused.map((document) => document.documentId)).toContain(documentId);
    } finally {
      await citizen.setDataSharing(HANOI, true);
    }
    const reconnected = await settledDossier(citizen, HANOI_HEALTH, PRACTICE_LICENCE, documentId, 'available', 'governing-body');
    expect(reconnected.reused.map((document) => document.documentId)).toContain(documentId);
  });

  it('lets a new intake deployment on an empty database rebuild its index from the topic', async () => {
    const citizen = new CitizenJourney(platform);
    const documentId = await citizen.provideVerified(HANOI_JUSTICE, CRIMINAL_RECORD, 'BIRTH_CERTIFICATE');
    await eventuallyReused(citizen, HANOI_HEALTH, PRACTICE_LICENCE, 'BIRTH_CERTIFICATE');

    const rebuilt = await platform.startIntake(HANOI_HEALTH);
    try {
      const dossier = await eventually(async () => {
        const opened = await citizen.openDossier(HANOI_HEALTH, PRACTICE_LICENCE, rebuilt);
        expect(opened.reused.map((document) => document.documentId)).toContain(documentId);
        return opened;
      });
      expect(dossier.reused[0]?.verifiedByAgencyCode).toBe(HANOI_JUSTICE);
    } finally {
      await rebuilt.stop();
    }
  });

  it('carries the officer’s request trace through the intake and the vault to the governing body’s topic', async () => {
    const citizen = new CitizenJourney(platform);
    const dossier = await citizen.openDossier(HANOI_JUSTICE, CRIMINAL_RECORD);
    const provided = await citizen.provide(HANOI_JUSTICE, dossier.id, 'BIRTH_CERTIFICATE');
    expectStatus(provided, 201);
    const documentId = (provided.body as DossierView).documents.find((document) => document.documentTypeCode === 'BIRTH_CERTIFICATE')!.documentId;
    const kafka = new Kafka({ clientId: 'trace-test', brokers: providedInfrastructure().kafkaBrokers, logLevel: 0 });
    const recorder = await TopicRecorder.start(kafka, ['intake.document-verified.v1', availabilityTopic(HANOI)]);
    try {
      const traceparent = newTraceparent();
      expectStatus(await citizen.verify(HANOI_JUSTICE, dossier.id, 'BIRTH_CERTIFICATE', {}, traceparent), 200);
      await eventually(() => {
        // DocumentProvided shares the topic and the subject; it carries the upload's trace.
        const verified = recorder.on('intake.document-verified.v1').find((message) => message.headers.ce_subject === documentId && message.headers.ce_type === DocumentVerified.type);
        const availability = recorder.on(availabilityTopic(HANOI)).find((message) => message.key === documentId);
        // One trace: the same trace id on every hop; each hop's span id is its own publish span.
        const traceId = traceparent.split('-')[1];
        expect(verified?.headers.traceparent?.split('-')[1]).toBe(traceId);
        expect(availability?.headers.traceparent?.split('-')[1]).toBe(traceId);
        expect(availability?.headers.traceparent).not.toBe(verified?.headers.traceparent);
      });
    } finally {
      await recorder.stop();
    }
  });

  it('refuses a citizen another citizen’s dossier, and an officer another agency’s', async () => {
    const owner = new CitizenJourney(platform);
    const dossier = await owner.openDossier(HANOI_JUSTICE, CRIMINAL_RECORD);
    expectStatus(await owner.provide(HANOI_JUSTICE, dossier.id, 'BIRTH_CERTIFICATE'), 201);

    const stranger = new CitizenJourney(platform);
    await request(platform.intake(HANOI_JUSTICE).url)
      .get(`/dossiers/${dossier.id}`)
      .auth(await stranger.citizenToken(), { type: 'bearer' })
      .expect(404);

    const foreignOfficer = await owner.officerToken(HANOI_HEALTH);
    const verify = await request(platform.intake(HANOI_JUSTICE).url)
      .post(`/dossiers/${dossier.id}/documents/BIRTH_CERTIFICATE/verification`)
      .auth(foreignOfficer, { type: 'bearer' })
      .send({});
    expect(verify.status).toBe(403);
    expect(verify.body.error.code).toBe('FOREIGN_AGENCY');
    const view = await owner.dossier(HANOI_JUSTICE, dossier.id);
    expect(view.documents.find((document) => document.documentTypeCode === 'BIRTH_CERTIFICATE')).toMatchObject({ source: 'provided' });
  });
});
