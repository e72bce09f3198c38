import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { AVAILABILITY_TOPIC_PARTITIONS, availabilityTopic, PLATFORM_TOPICS } from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics } from '@app/messaging';
import type { Page } from '@app/platform';
import { providedInfrastructure, randomPersonalId, samplePdf, samplePng } from '@app/testing';
import type { DossierView, SupplementRequestView } from '../dossiers/dossier.view';
import { FakeVault } from './fake-vault.server';
import { api, citizenToken, officerToken, SAMPLE_ANSWERS, startIntake, testGoverningBody, testProcedureFolder, type RunningIntake } from './intake-test-bed';

function fileForm(documentTypeCode: string, content: Buffer, fileName: string, mimeType: string): FormData {
  const form = new FormData();
  form.append('documentTypeCode', documentTypeCode);
  form.append('file', new Blob([new Uint8Array(content)], { type: mimeType }), fileName);
  return form;
}

describe('intake: idempotent creation, paged lists and hostile input', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'intake-hygiene-test', brokers: kafkaBrokers, logLevel: 0 });
  const body = testGoverningBody();

  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let intake: RunningIntake;
  let call: ReturnType<typeof api>;
  let officer: string;

  const count = async (sql: string, params: unknown[] = []) => (await intake.dataSource.query<{ n: number }[]>(sql, params))[0].n;
  const dossiersOf = (personalId: string) => count('SELECT count(*)::int AS n FROM dossier WHERE citizen_personal_id = $1', [personalId]);
  const rowCounts = async () => ({
    dossiers: await count('SELECT count(*)::int AS n FROM dossier'),
    documents: await count('SELECT count(*)::int AS n FROM dossier_document'),
    supplements: await count('SELECT count(*)::int AS n FROM supplement_request'),
    verified: await count("SELECT count(*)::int AS n FROM dossier_document WHERE verification = 'verified'"),
    uploads: vault.uploads.length,
  });

  async function citizenWithDossier() {
    const personalId = randomPersonalId();
    const token = await citizenToken(issuer.issuer, personalId);
    const created = await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
    expect(created.status).toBe(201);
    expect((await call('PUT', `/dossiers/${created.body.id}/form`, { token, json: SAMPLE_ANSWERS })).status).toBe(200);
    return { personalId, token, dossier: created.body };
  }

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    await ensureTopics(kafka, [...PLATFORM_TOPICS, { name: availabilityTopic(body.code), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true }]);
    intake = await startIntake({
      postgresAdminUrl,
      kafkaBrokers,
      issuerUrl: issuer.url,
      jwksUrl: issuer.jwksUrl,
      agencyCode: body.thisAgency,
      vaultUrl: vault.url,
      seedFolder: await testProcedureFolder(body.thisAgency, body.siblingAgency),
    });
    call = api(intake.service.url);
    officer = await officerToken(issuer.issuer, body.thisAgency);
  });

  afterAll(async () => {
    await intake?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  describe('Idempotency-Key', () => {
    it('answers a retried dossier creation with the first answer, creating one dossier', async () => {
      const personalId = randomPersonalId();
      const token = await citizenToken(issuer.issuer, personalId);
      const headers = { 'idempotency-key': `create-${randomUUID()}` };
      const first = await call<DossierView>('POST', '/dossiers', { token, headers, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
      const retry = await call<DossierView>('POST', '/dossiers', { token, headers, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body).toEqual(first.body);
      expect(await dossiersOf(personalId)).toBe(1);

      const other = await call('POST', '/dossiers', { token, headers, json: { procedureCode: 'TEST-LICENCE' } });
      expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(await dossiersOf(personalId)).toBe(1);
    });

    it('keeps keys apart per principal: the same key from another citizen creates their own dossier', async () => {
      const key = { 'idempotency-key': `shared-${randomUUID()}` };
      const [a, b] = [randomPersonalId(), randomPersonalId()];
      const first = await call<DossierView>('POST', '/dossiers', { token: await citizenToken(issuer.issuer, a), headers: key, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
      const second = await call<DossierView>('POST', '/dossiers', { token: await citizenToken(issuer.issuer, b), headers: key, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.id).not.toBe(first.body.id);
      expect([await dossiersOf(a), await dossiersOf(b)]).toEqual([1, 1]);
    });

    it('lets only one of two concurrent duplicates run; the other waits its turn with 409 or gets the same answer', async () => {
      const personalId = randomPersonalId();
      const token = await citizenToken(issuer.issuer, personalId);
      const headers = { 'idempotency-key': `race-${randomUUID()}` };
      const answers = await Promise.all([1, 2, 3].map(() => call<DossierView>('POST', '/dossiers', { token, headers, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } })));
      expect(answers.every((answer) => answer.status === 201 || (answer.status === 409 && (answer.body as unknown as { error: { code: string } }).error.code === 'IDEMPOTENCY_IN_PROGRESS'))).toBe(true);
      expect(new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id)).size).toBe(1);
      expect(await dossiersOf(personalId)).toBe(1);
    });

    it('fingerprints an upload by its bytes: a retry stores one file, other bytes under the key are 422', async () => {
      const owner = await citizenWithDossier();
      const headers = { 'idempotency-key': `upload-${randomUUID()}` };
      const path = `/dossiers/${owner.dossier.id}/documents`;
      const first = await call<DossierView>('POST', path, { token: owner.token, headers, form: fileForm('IDENTITY_CARD', samplePdf('one'), 'id.pdf', 'application/pdf') });
      const retry = await call<DossierView>('POST', path, { token: owner.token, headers, form: fileForm('IDENTITY_CARD', samplePdf('one'), 'id.pdf', 'application/pdf') });
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body).toEqual(first.body);
      expect(vault.uploadsBy(vault.citizenRefOf(owner.personalId))).toHaveLength(1);
      const otherBytes = await call('POST', path, { token: owner.token, headers, form: fileForm('IDENTITY_CARD', samplePdf('two'), 'id.pdf', 'application/pdf') });
      expect([otherBytes.status, otherBytes.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(vault.uploadsBy(vault.citizenRefOf(owner.personalId))).toHaveLength(1);
    });

    it('replays a verification and a supplement request instead of refusing or repeating them', async () => {
      const owner = await citizenWithDossier();
      await call('POST', `/dossiers/${owner.dossier.id}/documents`, { token: owner.token, form: fileForm('IDENTITY_CARD', samplePdf(), 'id.pdf', 'application/pdf') });
      const verification = `/dossiers/${owner.dossier.id}/documents/IDENTITY_CARD/verification`;
      const headers = { 'idempotency-key': `verify-${randomUUID()}` };
      const first = await call<DossierView>('POST', verification, { token: officer, headers, json: {} });
      const retry = await call<DossierView>('POST', verification, { token: officer, headers, json: {} });
      expect([first.status, retry.status]).toEqual([200, 200]);
      expect(retry.body).toEqual(first.body);
      // Without the key, a second verification is refused as it always was.
      const again = await call('POST', verification, { token: officer, json: {} });
      expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_VERIFIED']);

      for (const type of ['BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION']) {
        await call('POST', `/dossiers/${owner.dossier.id}/documents`, { token: owner.token, form: fileForm(type, samplePdf(type), `${type}.pdf`, 'application/pdf') });
      }
      expect((await call('POST', `/dossiers/${owner.dossier.id}/submit`, { token: owner.token })).status).toBe(200);
      const supplement = { 'idempotency-key': `supplement-${randomUUID()}` };
      const request = { documentTypeCodes: ['HEALTH_CERTIFICATE'], note: 'Please add a health certificate.' };
      const asked = await call<SupplementRequestView>('POST', `/dossiers/${owner.dossier.id}/supplement-requests`, { token: officer, headers: supplement, json: request });
      const askedAgain = await call<SupplementRequestView>('POST', `/dossiers/${owner.dossier.id}/supplement-requests`, { token: officer, headers: supplement, json: request });
      expect([asked.status, askedAgain.status, askedAgain.body.id]).toEqual([201, 201, asked.body.id]);
      expect(await count('SELECT count(*)::int AS n FROM supplement_request WHERE dossier_id = $1', [owner.dossier.id])).toBe(1);
    });

    it('does not keep refusals: a retry after fixing nothing is refused again, and runs again', async () => {
      const token = await citizenToken(issuer.issuer, randomPersonalId());
      const headers = { 'idempotency-key': `refused-${randomUUID()}` };
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const refused = await call('POST', '/dossiers', { token, headers, json: { procedureCode: 'NO-SUCH-PROCEDURE' } });
        expect([refused.status, refused.body.error.code]).toEqual([404, 'UNKNOWN_PROCEDURE']);
      }
      const malformed = await call('POST', '/dossiers', { token, headers: { 'idempotency-key': 'x'.repeat(256) }, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
      expect([malformed.status, malformed.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_INVALID']);
    });
  });

  it("pages a citizen's dossiers and an officer's, newest first", async () => {
    const personalId = randomPersonalId();
    const token = await citizenToken(issuer.issuer, personalId);
    const created: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      created.push((await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } })).body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: Page<DossierView> } = await call<Page<DossierView>>('GET', '/dossiers', { token, query: { limit: '2', ...(cursor ? { cursor } : {}) } });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((dossier) => dossier.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());

    const officerPage = await call<Page<DossierView>>('GET', '/dossiers', { token: officer, query: { limit: '3' } });
    expect([officerPage.status, officerPage.body.items.length, typeof officerPage.body.nextCursor]).toEqual([200, 3, 'string']);
    for (const [query, code] of [
      [{ limit: '201' }, 'VALIDATION_FAILED'],
      [{ cursor: 'garbage' }, 'INVALID_CURSOR'],
    ] as const) {
      const refused = await call('GET', '/dossiers', { token, query });
      expect([refused.status, refused.body.error.code]).toEqual([400, code]);
    }
    const procedures = await call<Page<{ code: string }>>('GET', '/procedures', { token, query: { limit: '1' } });
    expect([procedures.body.items.length, typeof procedures.body.nextCursor]).toEqual([1, 'string']);
  });

  describe('hostile input: a 4xx with a stable code, and nothing written', () => {
    it('refuses NUL characters in a path parameter, a body and a multipart field', async () => {
      const owner = await citizenWithDossier();
      const before = await rowCounts();
      const inPath = await call('POST', `/dossiers/${owner.dossier.id}/documents/IDENTITY%00CARD/verification`, { token: officer, json: {} });
      expect([inPath.status, inPath.body.error.code]).toEqual([400, 'NUL_CHARACTER']);
      const inBody = await call('POST', '/dossiers', { token: owner.token, json: { procedureCode: 'TEST-\u0000' } });
      expect([inBody.status, inBody.body.error.code]).toEqual([400, 'NUL_CHARACTER']);
      const inNote = await call('POST', `/dossiers/${owner.dossier.id}/supplement-requests`, { token: officer, json: { documentTypeCodes: ['HEALTH_CERTIFICATE'], note: 'a\u0000b' } });
      expect([inNote.status, inNote.body.error.code]).toEqual([400, 'NUL_CHARACTER']);
      const inField = await call('POST', `/dossiers/${owner.dossier.id}/documents`, { token: owner.token, form: fileForm('IDENTITY\u0000CARD', samplePdf(), 'id.pdf', 'application/pdf') });
      expect([inField.status, inField.body.error.code]).toEqual([400, 'NUL_CHARACTER']);
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses JSON nested 5,000 deep and prototype keys', async () => {
      const token = await citizenToken(issuer.issuer, randomPersonalId());
      const before = await rowCounts();
      const raw = (text: string, extra: Record<string, string> = {}) =>
        fetch(`${intake.service.url}/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra }, body: text }).then(
          async (response) => [response.status, ((await response.json()) as { error: { code: string } }).error.code],
        );
      const deep = `{"procedureCode":"TEST-CRIMINAL-RECORD","x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
      expect(await raw(deep)).toEqual([400, 'JSON_TOO_DEEP']);
      // The idempotency fingerprint walks the body too, before the pipe would: it must refuse it first.
      expect(await raw(deep, { 'idempotency-key': randomUUID() })).toEqual([400, 'JSON_TOO_DEEP']);
      expect(await raw('{"procedureCode":"TEST-CRIMINAL-RECORD","__proto__":{"status":"submitted"}}')).toEqual([400, 'VALIDATION_FAILED']);
      expect(await raw('{"procedureCode":"TEST-CRIMINAL-RECORD","constructor":{"prototype":{}}}')).toEqual([400, 'VALIDATION_FAILED']);
      expect(await rowCounts()).toEqual(before);
    });

    it("refuses an officer whose subject is longer than the verification event holds, before anything is written", async () => {
      const owner = await citizenWithDossier();
      await call('POST', `/dossiers/${owner.dossier.id}/documents`, { token: owner.token, form: fileForm('IDENTITY_CARD', samplePdf(), 'id.pdf', 'application/pdf') });
      const before = await rowCounts();
      const longOfficer = await issuer.issuer.issue({ role: 'officer', subject: `officer-${'x'.repeat(292)}`, agencyCode: body.thisAgency });
      const refused = await call('POST', `/dossiers/${owner.dossier.id}/documents/IDENTITY_CARD/verification`, { token: longOfficer, json: {} });
      expect([refused.status, refused.body.error.code]).toEqual([401, 'SUBJECT_TOO_LONG']);
      expect(await rowCounts()).toEqual(before);
    });

    it.each([
      ['a PNG declared as a PDF', samplePng(), 'id.pdf', 'application/pdf'],
      ['a .png name on PDF bytes', samplePdf(), 'id.png', 'image/png'],
    ])('refuses %s with 415 FILE_TYPE_MISMATCH before anything reaches the vault', async (_, content, fileName, mimeType) => {
      const owner = await citizenWithDossier();
      const before = await rowCounts();
      const refused = await call('POST', `/dossiers/${owner.dossier.id}/documents`, { token: owner.token, form: fileForm('IDENTITY_CARD', content, fileName, mimeType) });
      expect([refused.status, refused.body.error.code]).toEqual([415, 'FILE_TYPE_MISMATCH']);
      expect(await rowCounts()).toEqual(before);
      expect(vault.uploadsBy(vault.citizenRefOf(owner.personalId))).toEqual([]);
    });
  });

  it('puts the security headers on its answers too', async () => {
    for (const path of ['/dossiers', '/procedures', '/nowhere']) {
      const response = await fetch(`${intake.service.url}${path}`, { headers: { authorization: `Bearer ${officer}` } });
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    }
  });
});
