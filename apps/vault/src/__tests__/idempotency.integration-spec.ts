import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { DocumentVerified, DocumentVerifiedV1, type CitizenRefResponse, type StoredDocumentResponse } from '@app/contracts';
import { eventually, samplePdf } from '@app/testing';
import { VaultHarness, type TestBody } from './vault.harness';

describe('vault: Idempotency-Key on uploads and revocations', () => {
  let vault: VaultHarness;
  let body: TestBody;

  beforeAll(async () => {
    vault = await VaultHarness.start();
    await vault.createDocumentTypes();
    body = await vault.createBody({ connected: false, agencies: ['justice'] });
  });

  afterAll(async () => {
    await vault?.stop();
  });

  const upload = (authorization: string, key: string, file: Buffer) => vault.upload(authorization, { file, documentTypeCode: 'BIRTH_CERTIFICATE' }).set('idempotency-key', key);
  const storedCopies = (file: Buffer) => vault.count('document', 'content_sha256 = $1', [createHash('sha256').update(file).digest('hex')]);

  it('stores a retried upload once and answers it as the first time; other bytes under the key are 422', async () => {
    const citizen = await vault.citizen();
    const key = `upload-${randomUUID()}`;
    const file = samplePdf(randomUUID());
    const first = await upload(citizen, key, file).expect(201);
    const retry = await upload(citizen, key, file).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await storedCopies(file)).toBe(1);

    const otherFile = samplePdf(randomUUID());
    const other = await upload(citizen, key, otherFile).expect(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await storedCopies(file)).toBe(1);
    expect(await storedCopies(otherFile)).toBe(0);
    expect(await vault.count('idempotency_record')).toBeGreaterThanOrEqual(1);
  });

  it('never replays one citizen’s answer to another using the same key', async () => {
    const key = `shared-${randomUUID()}`;
    const file = samplePdf(randomUUID());
    const first = await upload(await vault.citizen(), key, file).expect(201);
    const second = await upload(await vault.citizen(), key, file).expect(201);
    expect((second.body as StoredDocumentResponse).documentId).not.toBe((first.body as StoredDocumentResponse).documentId);
    expect((second.body as StoredDocumentResponse).citizenRef).not.toBe((first.body as StoredDocumentResponse).citizenRef);
    expect(await storedCopies(file)).toBe(2);
  });

  it('answers a retried revocation with the first answer, not ALREADY_REVOKED', async () => {
    const citizen = await vault.citizen();
    const { citizenRef } = (await vault.http().post('/citizens/me').set('authorization', citizen)).body as CitizenRefResponse;
    const dossierId = randomUUID();
    const { documentId } = (await upload(citizen, `u-${randomUUID()}`, samplePdf(randomUUID())).expect(201)).body as StoredDocumentResponse;
    await vault.provideTo({ documentId, citizenRef }, body.agencies.justice, dossierId);
    await vault.produce(
      DocumentVerified,
      Object.assign(new DocumentVerifiedV1(), { documentId, citizenRef, agencyCode: body.agencies.justice, dossierId, officer: 'verifier@test', verifiedAt: new Date().toISOString() }),
    );
    await eventually(async () => {
      const view = await vault.http().get(`/documents/${documentId}`).set('authorization', citizen).expect(200);
      expect((view.body as StoredDocumentResponse).status).toBe('verified');
    });
    const officer = await vault.officer(body.agencies.justice);
    const key = `revoke-${randomUUID()}`;
    const revoke = () => vault.http().post(`/documents/${documentId}/revocation`).set('authorization', officer).set('idempotency-key', key).send({ reason: 'replaced' });
    const first = await revoke().expect(201);
    const retry = await revoke().expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await vault.count('access_log', "document_id = $1 AND action = 'revoked'", [documentId])).toBe(1);
    const without = await vault.http().post(`/documents/${documentId}/revocation`).set('authorization', officer).send({ reason: 'replaced' }).expect(409);
    expect(without.body.error.code).toBe('ALREADY_REVOKED');
  });
});
