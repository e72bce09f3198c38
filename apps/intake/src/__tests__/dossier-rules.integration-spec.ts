import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { AVAILABILITY_TOPIC_PARTITIONS, availabilityTopic, PLATFORM_TOPICS } from '@app/contracts';
import { ensureTopics } from '@app/messaging';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import type { Page } from '@app/platform';
import { eventually, providedInfrastructure, randomPersonalId } from '@app/testing';
import type { DossierView, SupplementRequestView } from '../dossiers/dossier.view';
import { FakeVault } from './fake-vault.server';
import {
  api,
  AvailabilityPublisher,
  citizenToken,
  officerToken,
  startIntake,
  testGoverningBody,
  testProcedureFolder,
  uploadForm,
  type RunningIntake,
  SAMPLE_ANSWERS,
} from './intake-test-bed';

const MAX_UPLOAD_BYTES = 64 * 1024;

describe('dossier rules at one agency: who may do what, and what is refused', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'intake-rules-test', brokers: kafkaBrokers, logLevel: 0 });
  const body = testGoverningBody();

  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let intake: RunningIntake;
  let availability: AvailabilityPublisher;
  let call: ReturnType<typeof api>;
  let officer: string;
  let foreignOfficer: string;

  const count = async (sql: string, params: unknown[]) => (await intake.dataSource.query<{ n: number }[]>(sql, params))[0].n;
  const dossiersOf = (personalId: string) => count('SELECT count(*)::int AS n FROM dossier WHERE citizen_personal_id = $1', [personalId]);
  const documentsOf = (dossierId: string) =>
    intake.dataSource.query<{ document_type_code: string; source: string; verification: string }[]>(
      'SELECT document_type_code, source, verification FROM dossier_document WHERE dossier_id = $1 ORDER BY document_type_code',
      [dossierId],
    );

  /** A citizen with a draft dossier under TEST-CRIMINAL-RECORD; `reusable` types are in the index first. */
  async function citizenWithDossier(reusable: string[] = []) {
    const personalId = randomPersonalId();
    const token = await citizenToken(issuer.issuer, personalId);
    const citizenRef = vault.citizenRefOf(personalId);
    for (const documentTypeCode of reusable) {
      const record = await availability.publish({ citizenRef, documentTypeCode });
      await eventually(async () => expect(await count('SELECT count(*)::int AS n FROM reusable_document WHERE document_id = $1', [record.documentId])).toBe(1));
    }
    const created = await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
    expect(created.status).toBe(201);
    expect((await call('PUT', `/dossiers/${created.body.id}/form`, { token, json: SAMPLE_ANSWERS })).status).toBe(200);
    return { personalId, token, citizenRef, dossier: created.body };
  }

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    await ensureTopics(kafka, [...PLATFORM_TOPICS, { name: availabilityTopic(body.code), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true }]);
    availability = await AvailabilityPublisher.connect(kafka, body.code, { code: body.siblingAgency, name: 'Sở Y tế (test)' }, vault.signer);
    intake = await startIntake({
      postgresAdminUrl,
      kafkaBrokers,
      issuerUrl: issuer.url,
      jwksUrl: issuer.jwksUrl,
      agencyCode: body.thisAgency,
      vaultUrl: vault.url,
      seedFolder: await testProcedureFolder(body.thisAgency, body.siblingAgency),
      extra: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
    });
    call = api(intake.service.url);
    officer = await officerToken(issuer.issuer, body.thisAgency);
    foreignOfficer = await officerToken(issuer.issuer, body.siblingAgency);
  });

  afterAll(async () => {
    vault.failing = false;
    await intake?.stop();
    await availability?.disconnect();
    await vault?.stop();
    await issuer?.stop();
  });

  describe('authorisation', () => {
    it('requires a bearer token on every route but the public catalog', async () => {
      for (const [method, path] of [['GET', '/dossiers'], ['POST', '/dossiers'], ['POST', '/procedures'], ['GET', '/procedures/TEST-LICENCE/draft']] as const) {
        const { status, body: error } = await call(method, path);
        expect([status, error.error.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
    });

    it("does not let a citizen read another citizen's dossier, nor see it listed", async () => {
      const owner = await citizenWithDossier();
      const other = await citizenToken(issuer.issuer, randomPersonalId());

      const read = await call('GET', `/dossiers/${owner.dossier.id}`, { token: other });
      expect([read.status, read.body.error.code]).toEqual([404, 'DOSSIER_NOT_FOUND']);
      const listed = await call<Page<DossierView>>('GET', '/dossiers', { token: other });
      expect(listed.body).toEqual({ items: [], nextCursor: null });
      const submitted = await call('POST', `/dossiers/${owner.dossier.id}/submit`, { token: other });
      expect([submitted.status, submitted.body.error.code]).toEqual([404, 'DOSSIER_NOT_FOUND']);
      const uploaded = await call('POST', `/dossiers/${owner.dossier.id}/documents`, { token: other, form: uploadForm('IDENTITY_CARD') });
      expect([uploaded.status, uploaded.body.error.code]).toEqual([404, 'DOSSIER_NOT_FOUND']);
      expect(vault.uploadsBy(owner.citizenRef)).toEqual([]);

      const own = await call<DossierView>('GET', `/dossiers/${owner.dossier.id}`, { token: owner.token });
      expect([own.status, own.body.id]).toEqual([200, owner.dossier.id]);
      const ownList = await call<Page<DossierView>>('GET', '/dossiers', { token: owner.token });
      expect(ownList.body.items.map((dossier) => dossier.id)).toEqual([owner.dossier.id]);
    });

    it("does not let an officer of another agency read, list, verify or ask about this agency's dossiers", async () => {
      const owner = await citizenWithDossier();
      await call('POST', `/dossiers/${owner.dossier.id}/documents`, { token: owner.token, form: uploadForm('IDENTITY_CARD') });

      const refusals = [
        await call('GET', `/dossiers/${owner.dossier.id}`, { token: foreignOfficer }),
        await call('GET', '/dossiers', { token: foreignOfficer }),
        await call('POST', `/dossiers/${owner.dossier.id}/documents/IDENTITY_CARD/verification`, { token: foreignOfficer, json: {} }),
        await call('POST', `/dossiers/${owner.dossier.id}/supplement-requests`, { token: foreignOfficer, json: { documentTypeCodes: ['HEALTH_CERTIFICATE'], note: 'n' } }),
      ];
      expect(refusals.map((refusal) => [refusal.status, refusal.body.error.code])).toEqual(Array(4).fill([403, 'FOREIGN_AGENCY']));
      expect(await documentsOf(owner.dossier.id)).toEqual([{ document_type_code: 'IDENTITY_CARD', source: 'provided', verification: 'pending' }]);

      const read = await call<DossierView>('GET', `/dossiers/${owner.dossier.id}`, { token: officer });
      expect([read.status, read.body.id]).toEqual([200, owner.dossier.id]);
      const listed = await call<Page<DossierView>>('GET', '/dossiers', { token: officer, query: { limit: '200' } });
      expect(listed.body.items.map((dossier) => dossier.id)).toContain(owner.dossier.id);
    });

    it('keeps citizens and officers to their own actions', async () => {
      const owner = await citizenWithDossier();
      const citizenVerifies = await call('POST', `/dossiers/${owner.dossier.id}/documents/IDENTITY_CARD/verification`, { token: owner.token, json: {} });
      expect([citizenVerifies.status, citizenVerifies.body.error.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
      const officerFiles = await call('POST', '/dossiers', { token: officer, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
      expect([officerFiles.status, officerFiles.body.error.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    });
  });

  describe('bad input: the right 4xx and no rows written', () => {
    it('refuses an unknown procedure, one of another agency and a level 2 procedure', async () => {
      const personalId = randomPersonalId();
      const token = await citizenToken(issuer.issuer, personalId);
      const unknown = await call('POST', '/dossiers', { token, json: { procedureCode: 'NO-SUCH-PROCEDURE' } });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'UNKNOWN_PROCEDURE']);
      const sibling = await call('POST', '/dossiers', { token, json: { procedureCode: 'TEST-SIBLING-ONLY' } });
      expect([sibling.status, sibling.body.error.code]).toEqual([404, 'UNKNOWN_PROCEDURE']);
      const offline = await call('POST', '/dossiers', { token, json: { procedureCode: 'TEST-CERTIFIED-COPY' } });
      expect([offline.status, offline.body.error.code]).toEqual([409, 'PROCEDURE_NOT_ONLINE']);
      const malformed = await call('POST', '/dossiers', { token, json: { procedureCode: 42 } });
      expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(await dossiersOf(personalId)).toBe(0);
    });

    it('answers 400 INVALID_ID for a malformed dossier id on every route', async () => {
      const citizen = await citizenToken(issuer.issuer, randomPersonalId());
      const refusals = [
        await call('GET', '/dossiers/not-a-uuid', { token: citizen }),
        await call('POST', '/dossiers/12345/submit', { token: citizen }),
        await call('POST', '/dossiers/12345/documents', { token: citizen, form: uploadForm('IDENTITY_CARD') }),
        await call('POST', '/dossiers/x/documents/IDENTITY_CARD/verification', { token: officer, json: {} }),
        await call('POST', '/dossiers/x/supplement-requests', { token: officer, json: { documentTypeCodes: ['IDENTITY_CARD'], note: 'n' } }),
      ];
      expect(refusals.map((refusal) => [refusal.status, refusal.body.error.code])).toEqual(Array(5).fill([400, 'INVALID_ID']));
      const missing = await call('GET', `/dossiers/${randomUUID()}`, { token: citizen });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'DOSSIER_NOT_FOUND']);
    });

    it('refuses an unknown or not-required document type, and a missing file, before anything reaches the vault', async () => {
      const { token, dossier, citizenRef } = await citizenWithDossier();
      const unknown = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('NO_SUCH_TYPE') });
      expect([unknown.status, unknown.body.error.code]).toEqual([400, 'DOCUMENT_TYPE_NOT_REQUIRED']);
      const notRequired = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('HEALTH_CERTIFICATE') });
      expect([notRequired.status, notRequired.body.error.code]).toEqual([400, 'DOCUMENT_TYPE_NOT_REQUIRED']);
      const noFile = new FormData();
      noFile.append('documentTypeCode', 'IDENTITY_CARD');
      const withoutFile = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: noFile });
      expect([withoutFile.status, withoutFile.body.error.code]).toEqual([400, 'FILE_REQUIRED']);
      const extraField = uploadForm('IDENTITY_CARD');
      extraField.append('providedToAgencyCode', body.siblingAgency);
      const smuggled = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: extraField });
      expect([smuggled.status, smuggled.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(vault.uploadsBy(citizenRef)).toEqual([]);
      expect(await documentsOf(dossier.id)).toEqual([]);
    });

    it('refuses to take a document the state already holds: ALREADY_ON_FILE, and nothing uploaded', async () => {
      const { token, dossier, citizenRef } = await citizenWithDossier(['IDENTITY_CARD']);
      expect(dossier.reused.map((document) => document.documentTypeCode)).toEqual(['IDENTITY_CARD']);
      const attached = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('IDENTITY_CARD') });
      expect([attached.status, attached.body.error.code]).toEqual([409, 'ALREADY_ON_FILE']);
      expect(attached.body.error.message).toContain('Sở Y tế (test)');

      // Became reusable after the dossier was opened: still refused, and attached on submission.
      const later = await availability.publish({ citizenRef, documentTypeCode: 'BIRTH_CERTIFICATE' });
      await eventually(async () => expect(await count('SELECT count(*)::int AS n FROM reusable_document WHERE document_id = $1', [later.documentId])).toBe(1));
      const becameReusable = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('BIRTH_CERTIFICATE') });
      expect([becameReusable.status, becameReusable.body.error.code]).toEqual([409, 'ALREADY_ON_FILE']);

      expect(vault.uploadsBy(citizenRef)).toEqual([]);
      expect(await documentsOf(dossier.id)).toEqual([{ document_type_code: 'IDENTITY_CARD', source: 'reused', verification: 'verified' }]);

      const provided = await call<DossierView>('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('RESIDENCE_CONFIRMATION') });
      expect(provided.status).toBe(201);
      const submitted = await call<DossierView>('POST', `/dossiers/${dossier.id}/submit`, { token });
      expect(submitted.status).toBe(200);
      expect(submitted.body.reused.map((document) => [document.documentTypeCode, document.documentId])).toEqual([
        ['IDENTITY_CARD', dossier.reused[0].documentId],
        ['BIRTH_CERTIFICATE', later.documentId],
      ]);
    });

    it('refuses a second upload of one type, a file too large, and relays what the vault refuses', async () => {
      const { token, dossier, citizenRef } = await citizenWithDossier();
      const first = await call<DossierView>('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('IDENTITY_CARD') });
      expect(first.status).toBe(201);
      const second = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('IDENTITY_CARD') });
      expect([second.status, second.body.error.code]).toEqual([409, 'ALREADY_PROVIDED']);

      const tooLarge = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('BIRTH_CERTIFICATE', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x25)) });
      expect([tooLarge.status, tooLarge.body.error.code]).toEqual([413, 'FILE_TOO_LARGE']);
      const notPdf = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('BIRTH_CERTIFICATE', 'MZ\x90\x00 not a document', 'virus.exe') });
      expect([notPdf.status, notPdf.body.error.code]).toEqual([415, 'UNSUPPORTED_FILE_TYPE']);

      expect(vault.uploadsBy(citizenRef)).toHaveLength(1);
      expect(await documentsOf(dossier.id)).toEqual([{ document_type_code: 'IDENTITY_CARD', source: 'provided', verification: 'pending' }]);
    });

    it('refuses a validity in the past, or a document not attached, and leaves the document pending', async () => {
      const { token, dossier } = await citizenWithDossier();
      await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('IDENTITY_CARD') });
      const verify = (documentTypeCode: string, json: object) =>
        call('POST', `/dossiers/${dossier.id}/documents/${documentTypeCode}/verification`, { token: officer, json });

      const past = await verify('IDENTITY_CARD', { validUntil: '2020-01-01' });
      expect([past.status, past.body.error.code]).toEqual([400, 'VALIDITY_IN_PAST']);
      // A bare date is the end of that day in Vietnam, as the vault reads it: yesterday there is past.
      const yesterdayInVietnam = new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
      const yesterday = await verify('IDENTITY_CARD', { validUntil: yesterdayInVietnam });
      expect([yesterday.status, yesterday.body.error.code]).toEqual([400, 'VALIDITY_IN_PAST']);
      const aMinuteAgo = await verify('IDENTITY_CARD', { validUntil: new Date(Date.now() - 60_000).toISOString() });
      expect([aMinuteAgo.status, aMinuteAgo.body.error.code]).toEqual([400, 'VALIDITY_IN_PAST']);
      const notADate = await verify('IDENTITY_CARD', { validUntil: 'next year' });
      expect([notADate.status, notADate.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      const notAttached = await verify('BIRTH_CERTIFICATE', {});
      expect([notAttached.status, notAttached.body.error.code]).toEqual([404, 'DOCUMENT_NOT_ATTACHED']);
      expect(await documentsOf(dossier.id)).toEqual([{ document_type_code: 'IDENTITY_CARD', source: 'provided', verification: 'pending' }]);
    });

    it('does not re-verify a reused document', async () => {
      const { dossier } = await citizenWithDossier(['BIRTH_CERTIFICATE']);
      const reverify = await call('POST', `/dossiers/${dossier.id}/documents/BIRTH_CERTIFICATE/verification`, { token: officer, json: {} });
      expect([reverify.status, reverify.body.error.code]).toEqual([409, 'ALREADY_VERIFIED']);
    });
  });

  describe('vault failures', () => {
    it('answers 503 VAULT_UNAVAILABLE, never a 500, and writes nothing', async () => {
      const { token, dossier } = await citizenWithDossier();
      const personalId = randomPersonalId();
      vault.failing = true;
      try {
        const upload = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('IDENTITY_CARD') });
        expect([upload.status, upload.body.error.code]).toEqual([503, 'VAULT_UNAVAILABLE']);
        const created = await call('POST', '/dossiers', { token: await citizenToken(issuer.issuer, personalId), json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
        expect([created.status, created.body.error.code]).toEqual([503, 'VAULT_UNAVAILABLE']);
      } finally {
        vault.failing = false;
      }
      expect(await documentsOf(dossier.id)).toEqual([]);
      expect(await dossiersOf(personalId)).toBe(0);
    });
  });

  describe('submission and supplement requests', () => {
    it('refuses to submit while documents are missing, then submits and freezes the dossier', async () => {
      const { token, dossier } = await citizenWithDossier();
      await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('IDENTITY_CARD') });
      const early = await call('POST', `/dossiers/${dossier.id}/submit`, { token });
      expect(early.status).toBe(409);
      expect(early.body.error).toMatchObject({ code: 'DOCUMENTS_MISSING', details: { missing: ['BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION'] } });
      expect(await count("SELECT count(*)::int AS n FROM dossier WHERE id = $1 AND status = 'draft'", [dossier.id])).toBe(1);

      await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('BIRTH_CERTIFICATE') });
      await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('RESIDENCE_CONFIRMATION') });
      const submitted = await call<DossierView>('POST', `/dossiers/${dossier.id}/submit`, { token });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', stillRequired: [], submittedAt: expect.any(String) as string });

      const again = await call('POST', `/dossiers/${dossier.id}/submit`, { token });
      expect([again.status, again.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
      const late = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('IDENTITY_CARD') });
      expect([late.status, late.body.error.code]).toEqual([409, 'DOSSIER_NOT_EDITABLE']);
    });

    it('never asks again for a document on file and valid, but may ask for others', async () => {
      const { token, dossier, citizenRef } = await citizenWithDossier(['IDENTITY_CARD']);
      const degree = await availability.publish({ citizenRef, documentTypeCode: 'ACADEMIC_DEGREE' });
      await eventually(async () => expect(await count('SELECT count(*)::int AS n FROM reusable_document WHERE document_id = $1', [degree.documentId])).toBe(1));
      await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('BIRTH_CERTIFICATE') });
      await call('POST', `/dossiers/${dossier.id}/documents/BIRTH_CERTIFICATE/verification`, { token: officer, json: {} });
      await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('RESIDENCE_CONFIRMATION') });
      // An officer asks for more of a submitted dossier, not of the citizen's draft.
      expect((await call('POST', `/dossiers/${dossier.id}/submit`, { token })).status).toBe(200);
      const ask = (documentTypeCodes: string[]) =>
        call<SupplementRequestView>('POST', `/dossiers/${dossier.id}/supplement-requests`, { token: officer, json: { documentTypeCodes, note: 'Please provide these.' } });

      for (const [types, onFile] of [
        [['HEALTH_CERTIFICATE', 'IDENTITY_CARD'], ['IDENTITY_CARD']], // attached by reuse
        [['ACADEMIC_DEGREE'], ['ACADEMIC_DEGREE']], // reusable, though not part of this dossier
        [['BIRTH_CERTIFICATE'], ['BIRTH_CERTIFICATE']], // provided here and verified
      ]) {
        const refused = await ask(types);
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({ error: { code: 'ALREADY_ON_FILE', details: { documentTypeCodes: onFile } } });
      }
      expect(await count('SELECT count(*)::int AS n FROM supplement_request WHERE dossier_id = $1', [dossier.id])).toBe(0);

      const accepted = await ask(['HEALTH_CERTIFICATE']);
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({ dossierId: dossier.id, documentTypeCodes: ['HEALTH_CERTIFICATE'], note: 'Please provide these.' });
      const seen = await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token });
      expect(seen.body.supplementRequests.map((request) => request.id)).toEqual([accepted.body.id]);
    });
  });
});
