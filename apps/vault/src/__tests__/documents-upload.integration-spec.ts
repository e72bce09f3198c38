import { createHash, randomUUID } from 'node:crypto';
import type { CitizenRefResponse, StoredDocumentResponse } from '@app/contracts';
import { samplePdf, sampleJpeg, samplePng, sampleText } from '@app/testing';
import { randomPersonalId } from '@app/testing';
import { OrphanSweepService } from '../documents/orphan-sweep.service';
import { VaultHarness, type TestBody } from './vault.harness';

const MAX_UPLOAD_BYTES = 2_048;

describe('vault: citizens and document uploads', () => {
  let vault: VaultHarness;
  let body: TestBody;

  beforeAll(async () => {
    vault = await VaultHarness.start({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
    await vault.createDocumentTypes();
    body = await vault.createBody({ connected: false, agencies: ['justice'] });
  });

  afterAll(async () => {
    await vault?.stop();
  });

  /** Every table an upload writes to: a refused upload must leave all of them as they were. */
  const rowCounts = async () => ({
    citizens: await vault.count('citizen'),
    contents: await vault.count('document_content'),
    documents: await vault.count('document'),
  });

  it('resolves a citizen to one opaque reference, created once, even when asked concurrently', async () => {
    const personalId = randomPersonalId();
    const citizen = await vault.citizen(personalId);
    const responses = await Promise.all([1, 2, 3, 4].map(() => vault.http().post('/citizens/me').set('authorization', citizen)));
    const refs = new Set(responses.map((response) => (response.body as CitizenRefResponse).citizenRef));
    expect(refs.size).toBe(1);
    expect(responses.map((response) => response.status).sort((a, b) => a - b)).toEqual([200, 200, 200, 201]);
    expect(await vault.count('citizen', 'personal_id = $1', [personalId])).toBe(1);
    const again = await vault.http().post('/citizens/me').set('authorization', citizen).expect(200);
    expect(again.body).toEqual({ citizenRef: [...refs][0] });
    // The reference is all that leaves the vault: no personal id in the response.
    expect(JSON.stringify(again.body)).not.toContain(personalId);
  });

  it.each([
    ['application/pdf', samplePdf('accepted'), 'scan.pdf'],
    ['image/png', samplePng(), 'photo.png'],
    ['image/jpeg', sampleJpeg(), 'photo.jpg'],
  ])('stores a %s upload, identified by its content and hashed on the server', async (mimeType, file, filename) => {
    const citizen = await vault.citizen();
    const response = await vault
      .upload(citizen, { file, filename, documentTypeCode: 'BIRTH_CERTIFICATE' })
      .expect(201);
    const stored = response.body as StoredDocumentResponse;
    const { citizenRef } = (await vault.http().post('/citizens/me').set('authorization', citizen).expect(200)).body as CitizenRefResponse;
    expect(stored).toEqual({
      documentId: expect.any(String),
      citizenRef,
      documentTypeCode: 'BIRTH_CERTIFICATE',
      mimeType,
      sizeBytes: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
      providedToAgencyCode: null,
      dossierId: null,
      status: 'provided',
    });
    const own = await vault.http().get('/documents').set('authorization', citizen).expect(200);
    expect((own.body.items as StoredDocumentResponse[]).map((document) => document.documentId)).toEqual([stored.documentId]);
  });

  it('stores the same content once, however many times and by whomever it is uploaded', async () => {
    const file = samplePdf(`dedup-${randomUUID()}`);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const first = await vault.citizen();
    const second = await vault.citizen();
    for (const citizen of [first, first, second]) {
      await vault.upload(citizen, { file, documentTypeCode: 'BIRTH_CERTIFICATE' }).expect(201);
    }
    expect(await vault.count('document_content', 'sha256 = $1', [sha256])).toBe(1);
    expect(await vault.count('document', 'content_sha256 = $1', [sha256])).toBe(3);
  });

  it('removes uploads nobody used after the grace period, and their content only when no other document shares it', async () => {
    const shared = samplePdf(`orphan-shared-${randomUUID()}`);
    const alone = samplePdf(`orphan-alone-${randomUUID()}`);
    const [sharedSha, aloneSha] = [shared, alone].map((file) => createHash('sha256').update(file).digest('hex'));
    const citizen = await vault.citizen();
    const upload = async (file: Buffer) =>
      ((await vault.upload(citizen, { file, documentTypeCode: 'BIRTH_CERTIFICATE' }).expect(201)).body as StoredDocumentResponse).documentId;
    const [oldShared, oldAlone, recentShared] = [await upload(shared), await upload(alone), await upload(shared)];
    // Two of them uploaded two days ago and never used since.
    await vault.dataSource.query("UPDATE document SET provided_at = now() - interval '48 hours' WHERE id = ANY($1::uuid[])", [[oldShared, oldAlone]]);

    const removed = await vault.service.app.get(OrphanSweepService).sweep(24);
    expect(removed.documents).toBeGreaterThanOrEqual(2);
    expect(await vault.count('document', 'id = ANY($1::uuid[])', [[oldShared, oldAlone, recentShared]])).toBe(1);
    expect(await vault.count('document_content', 'sha256 = $1', [aloneSha])).toBe(0);
    // Still referenced by the recent upload: the bytes stay.
    expect(await vault.count('document_content', 'sha256 = $1', [sharedSha])).toBe(1);
  });

  it('judges the type by the bytes: a text file named .pdf and declared as a PDF is refused with 415', async () => {
    const before = await rowCounts();
    const response = await vault
      .http()
      .post('/documents')
      .set('authorization', await vault.citizen())
      .field('documentTypeCode', 'BIRTH_CERTIFICATE')
      .attach('file', sampleText(), { filename: 'birth-certificate.pdf', contentType: 'application/pdf' })
      .expect(415);
    expect(response.body).toEqual({ error: { code: 'UNSUPPORTED_FILE_TYPE', message: expect.any(String) } });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a file over MAX_UPLOAD_BYTES with 413 FILE_TOO_LARGE', async () => {
    const before = await rowCounts();
    const oversize = Buffer.concat([samplePdf('large'), Buffer.alloc(MAX_UPLOAD_BYTES, 0x20)]);
    const response = await vault
      .upload(await vault.citizen(), { file: oversize, documentTypeCode: 'BIRTH_CERTIFICATE' })
      .expect(413);
    expect((response.body as { error: { code: string } }).error.code).toBe('FILE_TOO_LARGE');
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['an unknown document type', { documentTypeCode: 'NO_SUCH_TYPE' }, 422, 'UNKNOWN_DOCUMENT_TYPE'],
    // Provenance is the agency's signed word (DocumentProvided), never the citizen's: naming one is refused.
    ['an agency named by the citizen', { providedToAgencyCode: '000.00.12.H26' }, 400, 'VALIDATION_FAILED'],
    ['a dossier named by the citizen', { dossierId: randomUUID() }, 400, 'VALIDATION_FAILED'],
    ['a missing file', { file: undefined }, 400, 'FILE_REQUIRED'],
    ['an empty file', { file: Buffer.alloc(0) }, 400, 'EMPTY_FILE'],
  ])('refuses %s, leaving no rows behind', async (_, override, status, code) => {
    const before = await rowCounts();
    const response = await vault
      .upload(await vault.citizen(), {
        file: samplePdf(`refused-${randomUUID()}`),
        documentTypeCode: 'BIRTH_CERTIFICATE',
        ...override,
      })
      .expect(status);
    expect((response.body as { error: { code: string } }).error.code).toBe(code);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a file sent under another field name, or two files, with 400 MALFORMED_UPLOAD', async () => {
    const before = await rowCounts();
    const citizen = await vault.citizen();
    const send = () =>
      vault
        .http()
        .post('/documents')
        .set('authorization', citizen)
        .field('documentTypeCode', 'BIRTH_CERTIFICATE');
    const renamed = await send().attach('document', samplePdf('renamed-field'), 'scan.pdf').expect(400);
    expect((renamed.body as { error: { code: string } }).error.code).toBe('MALFORMED_UPLOAD');
    const twice = await send().attach('file', samplePdf('one'), 'one.pdf').attach('file', samplePdf('two'), 'two.pdf').expect(400);
    expect((twice.body as { error: { code: string } }).error.code).toBe('MALFORMED_UPLOAD');
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an upload without a token (401), and from an officer (403)', async () => {
    const before = await rowCounts();
    await vault
      .http()
      .post('/documents')
      .field('documentTypeCode', 'BIRTH_CERTIFICATE')
      .attach('file', samplePdf('anonymous'), 'scan.pdf')
      .expect(401);
    await vault
      .upload(await vault.officer(body.agencies.justice), { file: samplePdf('officer'), documentTypeCode: 'BIRTH_CERTIFICATE' })
      .expect(403);
    expect(await rowCounts()).toEqual(before);
  });

  it('shows a citizen only their own documents', async () => {
    const owner = await vault.citizen();
    const stranger = await vault.citizen();
    const stored = (
      await vault.upload(owner, { file: samplePdf(`own-${randomUUID()}`), documentTypeCode: 'BIRTH_CERTIFICATE' }).expect(201)
    ).body as StoredDocumentResponse;
    await vault.http().get(`/documents/${stored.documentId}`).set('authorization', owner).expect(200);
    const refused = await vault.http().get(`/documents/${stored.documentId}`).set('authorization', stranger).expect(404);
    expect((refused.body as { error: { code: string } }).error.code).toBe('DOCUMENT_NOT_FOUND');
    expect((await vault.http().get('/documents').set('authorization', stranger).expect(200)).body).toEqual({ items: [], nextCursor: null });
    const malformed = await vault.http().get('/documents/not-a-uuid').set('authorization', owner).expect(400);
    expect((malformed.body as { error: { code: string } }).error.code).toBe('INVALID_ID');
    await vault.http().get(`/documents/${randomUUID()}`).set('authorization', owner).expect(404);
  });
});
