import { randomUUID } from 'node:crypto';
import {
  availabilityTopic,
  deadLetterTopic,
  DocumentAvailability,
  DocumentProvided,
  DocumentProvidedV1,
  DocumentReused,
  DocumentReusedV1,
  DocumentVerified,
  DocumentVerifiedV1,
  type CitizenRefResponse,
  type DocumentAvailabilityV1,
  type StoredDocumentResponse,
} from '@app/contracts';
import { exportJWK, flattenedVerify, importPKCS8, type JWK } from 'jose';
import { generateSigningKey, SigningIdentity } from '@app/messaging';
import { eventually, TopicRecorder } from '@app/testing';
import { ExpirySweepService } from '../availability/expiry-sweep.service';
import { samplePdf } from '@app/testing';
import { randomPersonalId } from '@app/testing';
import { VaultHarness, type TestBody } from './vault.harness';

describe('vault: verification, availability and its withdrawal', () => {
  let vault: VaultHarness;
  let connected: TestBody;
  let disconnected: TestBody;
  /** Starts disconnected; one test connects and disconnects it. */
  let toggled: TestBody;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    vault = await VaultHarness.start({ EXPIRY_SWEEP_INTERVAL_MS: '300' });
    await vault.createDocumentTypes();
    connected = await vault.createBody({ connected: true, agencies: ['justice', 'health'] });
    disconnected = await vault.createBody({ connected: false, agencies: ['justice', 'health'] });
    toggled = await vault.createBody({ connected: false, agencies: ['justice'] });
    recorder = await TopicRecorder.start(
      vault.kafka,
      [connected, disconnected, toggled].map((body) => availabilityTopic(body.code)).concat(deadLetterTopic('vault')),
    );
  });

  afterAll(async () => {
    await recorder?.stop();
    await vault?.stop();
  });

  const availability = (body: TestBody, documentId: string): DocumentAvailabilityV1[] =>
    recorder
      .on(availabilityTopic(body.code))
      .filter((message) => message.key === documentId)
      .map((message) => JSON.parse(message.value!) as DocumentAvailabilityV1);

  /** Waits until `count` records exist for the document, and returns them in order. */
  const awaitAvailability = (body: TestBody, documentId: string, count: number) =>
    eventually(() => {
      const records = availability(body, documentId);
      expect(records).toHaveLength(count);
      return records;
    });

  const deadLettersOf = (eventId: string) =>
    recorder.on(deadLetterTopic('vault')).filter((message) => message.headers.ce_id === eventId && message.headers['dlt-consumer-group'] === vault.consumerGroup);

  /** A citizen with one uploaded document, provided to `agencyCode`. */
  async function provide(agencyCode: string, documentTypeCode: string, personalId = randomPersonalId()) {
    const citizen = await vault.citizen(personalId);
    const { citizenRef } = (await vault.http().post('/citizens/me').set('authorization', citizen)).body as CitizenRefResponse;
    const dossierId = randomUUID();
    const stored = (await vault.upload(citizen, { file: samplePdf(randomUUID()), documentTypeCode }).expect(201)).body as StoredDocumentResponse;
    await vault.provideTo({ documentId: stored.documentId, citizenRef }, agencyCode, dossierId);
    return { citizen, citizenRef, dossierId, documentId: stored.documentId, personalId };
  }

  /**
   * The first of last month, 10:00 in Hanoi: always in the past, and six months on is still
   * in the future, so the expiry sweep leaves these documents alone.
   */
  const now = new Date();
  const verifiedAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1, 3)).toISOString();
  const sixMonthsLater = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 5, 1, 3)).toISOString();

  /** Only the contract's fields: whatever else the test holds (tokens, personal ids) must never reach Kafka. */
  const verification = (
    document: { documentId: string; citizenRef: string; dossierId: string },
    fields: Partial<DocumentVerifiedV1> & Pick<DocumentVerifiedV1, 'agencyCode'>,
  ): DocumentVerifiedV1 =>
    Object.assign(new DocumentVerifiedV1(), {
      documentId: document.documentId,
      citizenRef: document.citizenRef,
      dossierId: document.dossierId,
      officer: 'officer-1@test',
      verifiedAt,
      ...fields,
    });

  it('publishes a verified document as available to the whole body when it shares data, valid for its type’s default period', async () => {
    const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
    await vault.produce(DocumentVerified, verification(document, { agencyCode: connected.agencies.justice }));

    const [record] = await awaitAvailability(connected, document.documentId, 1);
    expect(record).toEqual({
      documentId: document.documentId,
      citizenRef: document.citizenRef,
      documentTypeCode: 'HEALTH_CERTIFICATE',
      governingBodyCode: connected.code,
      verifiedByAgencyCode: connected.agencies.justice,
      verifiedByAgencyName: `Sở justice ${connected.code}`,
      verifiedAt,
      validUntil: sixMonthsLater,
      scope: 'governing-body',
      status: 'available',
      version: 1,
    });
    const message = recorder.on(availabilityTopic(connected.code)).find((candidate) => candidate.key === document.documentId)!;
    expect(message.headers).toMatchObject({ ce_type: DocumentAvailability.type, ce_source: '/vault', ce_subject: document.documentId });
    // Ids only on Kafka: the personal identification number appears nowhere in the record.
    expect(JSON.stringify(message)).not.toContain(document.personalId);

    const view = await vault.http().get(`/documents/${document.documentId}`).set('authorization', document.citizen).expect(200);
    expect(view.body).toMatchObject({ status: 'verified', verifiedByAgencyCode: connected.agencies.justice, validUntil: sixMonthsLater });
  });

  it('keeps a document to its verifying agency when the body does not share data, and a birth certificate valid without limit', async () => {
    const document = await provide(disconnected.agencies.justice, 'BIRTH_CERTIFICATE');
    await vault.produce(DocumentVerified, verification(document, { agencyCode: disconnected.agencies.justice }));

    const [record] = await awaitAvailability(disconnected, document.documentId, 1);
    expect(record).toMatchObject({ scope: 'agency', status: 'available', governingBodyCode: disconnected.code });
    expect(record).not.toHaveProperty('validUntil');
  });

  it('takes the verifier’s own validity over the type’s default', async () => {
    const document = await provide(connected.agencies.justice, 'BIRTH_CERTIFICATE');
    await vault.produce(DocumentVerified, verification(document, { agencyCode: connected.agencies.justice, validUntil: '2030-12-31T00:00:00.000Z' }));
    const [record] = await awaitAvailability(connected, document.documentId, 1);
    expect(record.validUntil).toBe('2030-12-31T00:00:00.000Z');
  });

  it('applies a repeated verification with the same data once', async () => {
    const personalId = randomPersonalId();
    const first = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE', personalId);
    const marker = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE', personalId);
    const event = verification(first, { agencyCode: connected.agencies.justice });
    await vault.produce(DocumentVerified, event);
    await vault.produce(DocumentVerified, event); // a second event id with the same facts
    // Same citizen, same key, same partition: once the marker is through, so are both.
    await vault.produce(DocumentVerified, verification(marker, { agencyCode: connected.agencies.justice }));
    await awaitAvailability(connected, marker.documentId, 1);
    expect(availability(connected, first.documentId)).toHaveLength(1);
  });

  it.each([
    ['of another citizen', () => ({ citizenRef: randomUUID() })],
    ['at an agency it was not provided to', () => ({ agencyCode: connected.agencies.health })],
    ['with a validity ending before the verification', () => ({ validUntil: new Date(Date.parse(verifiedAt) - 1).toISOString() })],
  ])('dead-letters a verification %s, and leaves the document unverified', async (_, override: () => Partial<DocumentVerifiedV1>) => {
    const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
    const eventId = await vault.produce(DocumentVerified, verification(document, { agencyCode: connected.agencies.justice, ...override() }));

    const [letter] = await eventually(() => {
      const letters = deadLettersOf(eventId);
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter.headers).toMatchObject({ 'dlt-reason': 'handler-failed', 'dlt-attempts': '1', 'dlt-original-topic': 'intake.document-verified.v1' });
    expect(await vault.count('document', `id = $1 AND status = 'provided'`, [document.documentId])).toBe(1);
    expect(availability(connected, document.documentId)).toEqual([]);
  });

  it('republishes with the wider scope when a body connects data sharing, and the narrower one when it disconnects', async () => {
    const body = toggled;
    const verified = await provide(body.agencies.justice, 'BIRTH_CERTIFICATE');
    const revoked = await provide(body.agencies.justice, 'BIRTH_CERTIFICATE');
    const unverified = await provide(body.agencies.justice, 'BIRTH_CERTIFICATE');
    for (const document of [verified, revoked]) await vault.produce(DocumentVerified, verification(document, { agencyCode: body.agencies.justice }));
    await awaitAvailability(body, verified.documentId, 1);
    await awaitAvailability(body, revoked.documentId, 1);
    await vault
      .http()
      .post(`/documents/${revoked.documentId}/revocation`)
      .set('authorization', await vault.officer(body.agencies.justice))
      .send({ reason: 'issued in error' })
      .expect(201);
    await awaitAvailability(body, revoked.documentId, 2);

    await vault.setDataSharing(body.code, true);
    const afterConnect = await awaitAvailability(body, verified.documentId, 2);
    expect(afterConnect.map((record) => [record.scope, record.status, record.version])).toEqual([
      ['agency', 'available', 1],
      ['governing-body', 'available', 2],
    ]);
    await vault.setDataSharing(body.code, false);
    const afterDisconnect = await awaitAvailability(body, verified.documentId, 3);
    expect(afterDisconnect[2]).toMatchObject({ scope: 'agency', status: 'available', version: 3 });
    expect(await vault.count('document', 'id = $1 AND availability_version = 3', [verified.documentId])).toBe(1);

    // Neither the revoked nor the never-verified document comes back with the republication.
    expect(availability(body, revoked.documentId)).toHaveLength(2);
    expect(availability(body, unverified.documentId)).toEqual([]);
  });

  it('withdraws a revoked document, once, and only at the verifying agency’s or an admin’s request', async () => {
    const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
    await vault.produce(DocumentVerified, verification(document, { agencyCode: connected.agencies.justice }));
    await awaitAvailability(connected, document.documentId, 1);

    const sibling = await vault
      .http()
      .post(`/documents/${document.documentId}/revocation`)
      .set('authorization', await vault.officer(connected.agencies.health))
      .send({ reason: 'not ours' })
      .expect(403);
    expect((sibling.body as { error: { code: string } }).error.code).toBe('NOT_VERIFYING_AGENCY');
    await vault.http().post(`/documents/${document.documentId}/revocation`).set('authorization', document.citizen).send({ reason: 'mine' }).expect(403);

    const officer = await vault.officer(connected.agencies.justice, 'officer-revoker@test');
    const revoked = await vault.http().post(`/documents/${document.documentId}/revocation`).set('authorization', officer).send({ reason: 'forged stamp' }).expect(201);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'forged stamp' });
    const [, withdrawal] = await awaitAvailability(connected, document.documentId, 2);
    expect(withdrawal).toMatchObject({ status: 'withdrawn', withdrawnReason: 'revoked', documentId: document.documentId, version: 2 });

    const again = await vault.http().post(`/documents/${document.documentId}/revocation`).set('authorization', await vault.admin()).send({ reason: 'twice' }).expect(409);
    expect((again.body as { error: { code: string } }).error.code).toBe('ALREADY_REVOKED');

    const log = await vault.http().get('/access-log').set('authorization', document.citizen).expect(200);
    expect(log.body.items).toContainEqual(
      expect.objectContaining({ documentId: document.documentId, action: 'revoked', agencyCode: connected.agencies.justice, officerSubject: 'officer-revoker@test' }),
    );
  });

  it('withdraws a document once its validity has ended', async () => {
    const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
    await vault.produce(
      DocumentVerified,
      verification(document, { agencyCode: connected.agencies.justice, verifiedAt: '2020-01-01T00:00:00.000Z', validUntil: '2020-06-30' }),
    );
    const [available, withdrawn] = await awaitAvailability(connected, document.documentId, 2);
    // A bare date is valid through that whole day in Vietnam.
    expect(available).toMatchObject({ status: 'available', validUntil: '2020-06-30T17:00:00.000Z', version: 1 });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: 'expired', version: 2 });
    expect(await vault.count('document', 'id = $1 AND availability_withdrawn_at IS NOT NULL', [document.documentId])).toBe(1);
    // Announced once: a later sweep finds nothing left to withdraw.
    expect(await vault.service.app.get(ExpirySweepService).sweep()).toBe(0);
  });

  it('records a reuse in the citizen’s access log, naming the agency and the dossier', async () => {
    const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
    const dossierId = randomUUID();
    const reuse = Object.assign(new DocumentReusedV1(), {
      documentId: document.documentId,
      citizenRef: document.citizenRef,
      agencyCode: connected.agencies.health,
      dossierId,
      reusedAt: '2026-02-01T08:00:00.000Z',
    });
    await vault.produce(DocumentReused, reuse, `/intake-${connected.agencies.health.toLowerCase()}`);
    const entries = await eventually(async () => {
      const response = await vault.http().get('/access-log').set('authorization', document.citizen).expect(200);
      expect(response.body.items).toHaveLength(1);
      return response.body.items as unknown[];
    });
    expect(entries[0]).toEqual({
      documentId: document.documentId,
      documentTypeCode: 'HEALTH_CERTIFICATE',
      action: 'reused',
      actorRole: 'system',
      agencyCode: connected.agencies.health,
      agencyName: `Sở health ${connected.code}`,
      dossierId,
      at: '2026-02-01T08:00:00.000Z',
    });
  });

  describe('forged events', () => {
    /** A key nobody registered. */
    let stranger: SigningIdentity;
    beforeAll(async () => {
      stranger = SigningIdentity.load(await generateSigningKey(`stranger-${randomUUID().slice(0, 8)}`));
    });

    /**
     * Every way to speak for `agency` without being its intake: unsigned, an unknown key, the
     * other agency's genuine key under this agency's source, and the other agency's genuine
     * key as itself with this agency in the payload.
     */
    async function forgeries(agency: string, other: string) {
      const source = `/intake-${agency.toLowerCase()}`;
      const otherSource = `/intake-${other.toLowerCase()}`;
      const otherKey = await vault.intakeKey(otherSource);
      return [
        [source, null, 'SIGNATURE_INVALID'],
        [source, stranger, 'SIGNATURE_INVALID'],
        [source, otherKey, 'SIGNATURE_INVALID'],
        [otherSource, otherKey, 'handler-failed'],
      ] as const;
    }

    async function expectDeadLettered(eventId: string, reason: string) {
      const [letter] = await eventually(() => {
        const letters = deadLettersOf(eventId);
        expect(letters).toHaveLength(1);
        return letters;
      });
      expect(letter.headers['dlt-reason']).toBe(reason);
    }

    it('dead-letters a forged verification of each kind, and the document stays unverified, unpublished and without evidence', async () => {
      for (const [source, signer, reason] of await forgeries(connected.agencies.justice, connected.agencies.health)) {
        const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
        const eventId = await vault.produce(DocumentVerified, verification(document, { agencyCode: connected.agencies.justice }), source, { signer });
        await expectDeadLettered(eventId, reason);
        expect(await vault.count('document', `id = $1 AND status = 'provided' AND verified_at IS NULL`, [document.documentId])).toBe(1);
        expect(await vault.count('verification_evidence', 'document_id = $1', [document.documentId])).toBe(0);
        expect(availability(connected, document.documentId)).toEqual([]);
      }
    });

    it('dead-letters a forged reuse of each kind, leaving the access log and the attachments as they were', async () => {
      for (const [source, signer, reason] of await forgeries(connected.agencies.health, connected.agencies.justice)) {
        const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
        const reuse = Object.assign(new DocumentReusedV1(), {
          documentId: document.documentId,
          citizenRef: document.citizenRef,
          agencyCode: connected.agencies.health,
          dossierId: randomUUID(),
          reusedAt: new Date().toISOString(),
        });
        const eventId = await vault.produce(DocumentReused, reuse, source, { signer });
        await expectDeadLettered(eventId, reason);
        expect(await vault.count('access_log', 'document_id = $1', [document.documentId])).toBe(0);
        expect(await vault.count('document_attachment', `document_id = $1 AND kind = 'reused'`, [document.documentId])).toBe(0);
      }
    });

    it('dead-letters a forged provision: a citizen’s upload is bound to no dossier on anyone else’s word', async () => {
      const citizen = await vault.citizen();
      const { citizenRef } = (await vault.http().post('/citizens/me').set('authorization', citizen)).body as CitizenRefResponse;
      for (const [source, signer, reason] of await forgeries(connected.agencies.justice, connected.agencies.health)) {
        const { documentId } = (await vault.upload(citizen, { file: samplePdf(randomUUID()), documentTypeCode: 'HEALTH_CERTIFICATE' }).expect(201)).body as StoredDocumentResponse;
        const provided = Object.assign(new DocumentProvidedV1(), { documentId, citizenRef, agencyCode: connected.agencies.justice, dossierId: randomUUID(), providedAt: new Date().toISOString() });
        const eventId = await vault.produce(DocumentProvided, provided, source, { signer });
        await expectDeadLettered(eventId, reason);
        expect(await vault.count('document', 'id = $1 AND provided_to_agency_code IS NULL AND dossier_id IS NULL', [documentId])).toBe(1);
        expect(await vault.count('document_attachment', 'document_id = $1', [documentId])).toBe(0);
      }
    });

    it('refuses a verification for another dossier than the one the document was provided for', async () => {
      const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
      const eventId = await vault.produce(DocumentVerified, verification({ ...document, dossierId: randomUUID() }, { agencyCode: connected.agencies.justice }));
      await expectDeadLettered(eventId, 'handler-failed');
      expect(await vault.count('document', `id = $1 AND status = 'provided'`, [document.documentId])).toBe(1);
    });

    it('stops trusting a retired key at once, and drops it from the agency’s JWKS', async () => {
      const body = await vault.createBody({ connected: false, agencies: ['retiring'] });
      const key = await vault.intakeKey(`/intake-${body.agencies.retiring.toLowerCase()}`);
      await vault.http().post(`/directory/signing-keys/${key.keyId}/retirement`).set('authorization', await vault.admin()).expect(200);
      const jwks = (await vault.http().get(`/directory/agencies/${body.agencies.retiring}/jwks.json`).expect(200)).body as { keys: JWK[] };
      expect(jwks.keys).toEqual([]);
      const citizen = await vault.citizen();
      const { citizenRef } = (await vault.http().post('/citizens/me').set('authorization', citizen)).body as CitizenRefResponse;
      const { documentId } = (await vault.upload(citizen, { file: samplePdf(randomUUID()), documentTypeCode: 'HEALTH_CERTIFICATE' }).expect(201)).body as StoredDocumentResponse;
      const eventId = await vault.produce(
        DocumentProvided,
        Object.assign(new DocumentProvidedV1(), { documentId, citizenRef, agencyCode: body.agencies.retiring, dossierId: randomUUID(), providedAt: new Date().toISOString() }),
      );
      await expectDeadLettered(eventId, 'SIGNATURE_INVALID');
    });
  });

  it('keeps each accepted verification with its signature, and exports a proof anyone can check with the agency’s public key', async () => {
    const document = await provide(connected.agencies.justice, 'HEALTH_CERTIFICATE');
    const eventId = await vault.produce(DocumentVerified, verification(document, { agencyCode: connected.agencies.justice }));
    await awaitAvailability(connected, document.documentId, 1);

    const exported = await vault.http().get(`/documents/${document.documentId}/verification-evidence`).set('authorization', document.citizen).expect(200);
    const proof = exported.body as { documentId: string; verifications: { eventId: string; agencyCode: string; signature: string; jwk: JWK; signingInput: string; payload: string; kid: string }[] };
    expect(proof.verifications).toHaveLength(1);
    const [entry] = proof.verifications;
    expect(entry).toMatchObject({ eventId, agencyCode: connected.agencies.justice });
    expect(JSON.parse(entry.payload)).toMatchObject({ documentId: document.documentId, agencyCode: connected.agencies.justice });
    // Checked with jose alone, against the JWKS the vault publishes for the agency.
    const jwks = (await vault.http().get(`/directory/agencies/${connected.agencies.justice}/jwks.json`).expect(200)).body as { keys: JWK[] };
    expect(jwks.keys.map((key) => key.kid)).toContain(entry.kid);
    const [protectedHeader, , signature] = entry.signature.split('.');
    await expect(flattenedVerify({ protected: protectedHeader, payload: Buffer.from(entry.signingInput, 'base64url'), signature }, entry.jwk)).resolves.toBeDefined();
    // Another citizen cannot see it; an admin can (audits).
    await vault.http().get(`/documents/${document.documentId}/verification-evidence`).set('authorization', await vault.citizen()).expect(404);
    await vault.http().get(`/documents/${document.documentId}/verification-evidence`).set('authorization', await vault.admin()).expect(200);
  });

  it('registers keys only through an admin, and only public Ed25519 or P-256 keys for a known owner', async () => {
    const key = await generateSigningKey(`admin-test-${randomUUID().slice(0, 8)}`);
    const put = (authorization: string, body: object, kid = key.keyId) => vault.http().put(`/directory/signing-keys/${kid}`).set('authorization', authorization).send(body);
    const admin = await vault.admin();
    const valid = { ownerKind: 'agency', ownerCode: connected.agencies.justice, jwk: key.publicJwk };
    await put(await vault.officer(connected.agencies.justice), valid).expect(403);
    await vault.http().put(`/directory/signing-keys/${key.keyId}`).send(valid).expect(401);
    const { d } = await exportPrivateJwk(key.privateKey);
    expect((await put(admin, { ...valid, jwk: { ...key.publicJwk, d } }).expect(400)).body.error.code).toBe('INVALID_PUBLIC_KEY');
    expect((await put(admin, { ...valid, ownerCode: '999.99.99.Z99' }).expect(422)).body.error.code).toBe('INVALID_KEY_OWNER');
    expect((await put(admin, { ...valid, ownerKind: 'service', ownerCode: 'dev-issuer' }).expect(422)).body.error.code).toBe('INVALID_KEY_OWNER');
    await put(admin, valid).expect(201);
    await put(admin, valid).expect(200);
    const other = await generateSigningKey(key.keyId);
    expect((await put(admin, { ...valid, jwk: other.publicJwk }).expect(409)).body.error.code).toBe('KEY_ID_TAKEN');
  });
});

async function exportPrivateJwk(pem: string): Promise<JWK> {
  return exportJWK(await importPKCS8(pem, 'EdDSA', { extractable: true }));
}
