import { Kafka } from 'kafkajs';
import { AVAILABILITY_TOPIC_PARTITIONS, availabilityTopic, deadLetterTopic, endOfValidity, PLATFORM_TOPICS } from '@app/contracts';
import { ensureTopics, generateSigningKey, SigningIdentity } from '@app/messaging';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { eventually, providedInfrastructure, randomPersonalId, TopicRecorder } from '@app/testing';
import type { DossierView } from '../dossiers/dossier.view';
import { ProcedureSeeder } from '../procedures/procedure.seeder';
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
} from './intake-test-bed';

const REUSED_TOPIC = 'intake.document-reused.v1';
const VERIFIED_TOPIC = 'intake.document-verified.v1';
const DEAD_LETTERS = deadLetterTopic('intake');
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('once-only reuse at one agency of a test governing body', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'intake-once-only-test', brokers: kafkaBrokers, logLevel: 0 });
  const body = testGoverningBody();
  const thisAgency = { code: body.thisAgency, name: 'Sở Tư pháp (test)' };
  const siblingAgency = { code: body.siblingAgency, name: 'Sở Y tế (test)' };

  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let intake: RunningIntake;
  let availability: AvailabilityPublisher;
  let recorder: TopicRecorder;
  let seedFolder: string;
  let call: ReturnType<typeof api>;

  const indexRow = async (target: RunningIntake, documentId: string) =>
    (await target.dataSource.query<{ status: string; scope: string }[]>('SELECT status, scope FROM reusable_document WHERE document_id = $1', [documentId]))[0];

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    await ensureTopics(kafka, [...PLATFORM_TOPICS, { name: availabilityTopic(body.code), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true }]);
    seedFolder = await testProcedureFolder(body.thisAgency, body.siblingAgency);
    recorder = await TopicRecorder.start(kafka, [REUSED_TOPIC, VERIFIED_TOPIC, DEAD_LETTERS]);
    availability = await AvailabilityPublisher.connect(kafka, body.code, siblingAgency, vault.signer);
    intake = await startIntake({
      postgresAdminUrl,
      kafkaBrokers,
      issuerUrl: issuer.url,
      jwksUrl: issuer.jwksUrl,
      agencyCode: body.thisAgency,
      vaultUrl: vault.url,
      seedFolder,
    });
    call = api(intake.service.url);
  });

  afterAll(async () => {
    await intake?.stop();
    await availability?.disconnect();
    await recorder?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  it("seeds only this agency's procedures, idempotently", async () => {
    expect(intake.seeded).toMatch(/^3 procedure\(s\) for agency 000\.00\.12\.[Q-Z]\d\d from .*: TEST-CRIMINAL-RECORD, TEST-LICENCE, TEST-CERTIFIED-COPY$/);
    expect(await intake.service.app.get(ProcedureSeeder).seed(seedFolder)).toBe(intake.seeded);
    const {
      status,
      body: { items: procedures },
    } = await call<{ items: { code: string; level: number; acceptsOnlineDossiers: boolean }[] }>('GET', '/procedures', {
      token: await officerToken(issuer.issuer, body.siblingAgency),
    });
    expect(status).toBe(200);
    expect(procedures.map((procedure) => [procedure.code, procedure.acceptsOnlineDossiers])).toEqual([
      ['TEST-CERTIFIED-COPY', false],
      ['TEST-CRIMINAL-RECORD', true],
      ['TEST-LICENCE', true],
    ]);
  });

  it('attaches documents from the index to a new dossier, says who verified them, publishes DocumentReused and lists the rest', async () => {
    const personalId = randomPersonalId();
    const citizenRef = vault.citizenRefOf(personalId);
    const identityCard = await availability.publish({ citizenRef, documentTypeCode: 'IDENTITY_CARD', validUntil: inDays(3650) });
    const birthCertificate = await availability.publish({
      citizenRef,
      documentTypeCode: 'BIRTH_CERTIFICATE',
      verifiedByAgencyCode: thisAgency.code,
      verifiedByAgencyName: thisAgency.name,
    });
    await eventually(async () => {
      expect(await indexRow(intake, identityCard.documentId)).toBeDefined();
      expect(await indexRow(intake, birthCertificate.documentId)).toBeDefined();
    });

    const { status, body: dossier } = await call<DossierView>('POST', '/dossiers', {
      token: await citizenToken(issuer.issuer, personalId),
      json: { procedureCode: 'TEST-CRIMINAL-RECORD' },
    });

    expect(status).toBe(201);
    expect(dossier).toMatchObject({ procedureCode: 'TEST-CRIMINAL-RECORD', status: 'draft', stillRequired: ['RESIDENCE_CONFIRMATION'] });
    expect(dossier.reused).toEqual([
      {
        documentTypeCode: 'IDENTITY_CARD',
        documentId: identityCard.documentId,
        verifiedByAgencyCode: siblingAgency.code,
        verifiedByAgencyName: siblingAgency.name,
        verifiedAt: identityCard.verifiedAt,
        validUntil: identityCard.validUntil,
      },
      {
        documentTypeCode: 'BIRTH_CERTIFICATE',
        documentId: birthCertificate.documentId,
        verifiedByAgencyCode: thisAgency.code,
        verifiedByAgencyName: thisAgency.name,
        verifiedAt: birthCertificate.verifiedAt,
        validUntil: null,
      },
    ]);
    expect(dossier.documents.map((document) => [document.documentTypeCode, document.source, document.verification])).toEqual([
      ['IDENTITY_CARD', 'reused', 'verified'],
      ['BIRTH_CERTIFICATE', 'reused', 'verified'],
    ]);
    expect(JSON.stringify(dossier)).not.toContain(personalId);

    const reusedEvents = await eventually(() => {
      const found = recorder.on(REUSED_TOPIC).filter((message) => message.value?.includes(dossier.id));
      expect(found).toHaveLength(2);
      return found;
    });
    const payloads = reusedEvents.map((message) => JSON.parse(message.value!) as Record<string, string>);
    expect(payloads.map((payload) => payload.documentId).sort()).toEqual([identityCard.documentId, birthCertificate.documentId].sort());
    for (const [index, payload] of payloads.entries()) {
      expect(payload).toEqual({ documentId: payload.documentId, citizenRef, agencyCode: thisAgency.code, dossierId: dossier.id, reusedAt: expect.any(String) as string });
      expect(reusedEvents[index].key).toBe(citizenRef);
      expect(reusedEvents[index].headers).toMatchObject({ ce_type: 'vn.gov.intake.document.reused.v1', ce_source: `/intake-${thisAgency.code.toLowerCase()}` });
    }
  });

  it('on submit, detaches a reused document revoked or expired since it was attached, and tells the citizen to provide it', async () => {
    const personalId = randomPersonalId();
    const citizenRef = vault.citizenRefOf(personalId);
    const token = await citizenToken(issuer.issuer, personalId);
    const identityCard = await availability.publish({ citizenRef, documentTypeCode: 'IDENTITY_CARD', validUntil: inDays(3650) });
    const expiresSoon = new Date(Date.now() + 4_000).toISOString();
    const birthCertificate = await availability.publish({ citizenRef, documentTypeCode: 'BIRTH_CERTIFICATE', validUntil: expiresSoon });
    await eventually(async () => {
      expect(await indexRow(intake, identityCard.documentId)).toBeDefined();
      expect(await indexRow(intake, birthCertificate.documentId)).toBeDefined();
    });
    const { body: dossier } = await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
    expect(dossier.reused.map((document) => document.documentTypeCode)).toEqual(['IDENTITY_CARD', 'BIRTH_CERTIFICATE']);

    await availability.publish({ ...identityCard, status: 'withdrawn', withdrawnReason: 'revoked' });
    await eventually(async () => expect((await indexRow(intake, identityCard.documentId))?.status).toBe('withdrawn'));
    await eventually(() => expect(Date.now()).toBeGreaterThan(Date.parse(expiresSoon)), 10_000);

    const refused = await call('POST', `/dossiers/${dossier.id}/submit`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'REUSED_DOCUMENT_WITHDRAWN',
      message: expect.stringMatching(/IDENTITY_CARD \(revoked\).*BIRTH_CERTIFICATE \(expired\).*provide them again/) as string,
      details: {
        withdrawn: [
          { documentTypeCode: 'IDENTITY_CARD', documentId: identityCard.documentId, reason: 'revoked' },
          { documentTypeCode: 'BIRTH_CERTIFICATE', documentId: birthCertificate.documentId, reason: 'expired' },
        ],
      },
    });
    const { body: after } = await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token });
    expect(after.status).toBe('draft');
    expect(after.documents).toEqual([]);
    expect([...after.stillRequired].sort()).toEqual(['BIRTH_CERTIFICATE', 'IDENTITY_CARD', 'RESIDENCE_CONFIRMATION']);
  });

  it('never reuses an expired, a withdrawn, or a sibling-only document, but reuses one of scope agency verified by this very agency', async () => {
    const personalId = randomPersonalId();
    const citizenRef = vault.citizenRefOf(personalId);
    const expired = await availability.publish({ citizenRef, documentTypeCode: 'IDENTITY_CARD', validUntil: inDays(-1) });
    const revoked = await availability.publish({ citizenRef, documentTypeCode: 'BIRTH_CERTIFICATE' });
    await availability.publish({ ...revoked, status: 'withdrawn', withdrawnReason: 'revoked' });
    const siblingOnly = await availability.publish({ citizenRef, documentTypeCode: 'RESIDENCE_CONFIRMATION', scope: 'agency' });
    const ownOnly = await availability.publish({
      citizenRef,
      documentTypeCode: 'ACADEMIC_DEGREE',
      scope: 'agency',
      verifiedByAgencyCode: thisAgency.code,
      verifiedByAgencyName: thisAgency.name,
      validUntil: inDays(30),
    });
    await eventually(async () => {
      expect(await indexRow(intake, expired.documentId)).toMatchObject({ status: 'available' });
      expect(await indexRow(intake, revoked.documentId)).toMatchObject({ status: 'withdrawn' });
      expect(await indexRow(intake, siblingOnly.documentId)).toMatchObject({ scope: 'agency' });
      expect(await indexRow(intake, ownOnly.documentId)).toMatchObject({ scope: 'agency' });
    });

    const { status, body: dossier } = await call<DossierView>('POST', '/dossiers', {
      token: await citizenToken(issuer.issuer, personalId),
      json: { procedureCode: 'TEST-LICENCE' },
    });

    expect(status).toBe(201);
    expect(dossier.reused.map((document) => [document.documentTypeCode, document.documentId])).toEqual([['ACADEMIC_DEGREE', ownOnly.documentId]]);
    expect(dossier.stillRequired).toEqual(['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION', 'HEALTH_CERTIFICATE']);
  });

  it('keeps a revoked document withdrawn when an older record of it arrives late, and ignores a repeated one', async () => {
    const personalId = randomPersonalId();
    const citizenRef = vault.citizenRefOf(personalId);
    const available = await availability.publish({ citizenRef, documentTypeCode: 'BIRTH_CERTIFICATE', verifiedByAgencyCode: thisAgency.code, verifiedByAgencyName: thisAgency.name });
    const revoked = await availability.publish({ ...available, status: 'withdrawn', withdrawnReason: 'revoked' });
    expect([available.version, revoked.version]).toEqual([1, 2]);
    await eventually(async () => expect(await indexRow(intake, available.documentId)).toMatchObject({ status: 'withdrawn' }));

    // What a relay handover, a replay or a second copy of the topic could deliver after the revocation.
    const late = await availability.publish(available, { version: 1 });
    const repeated = await availability.publish(revoked, { version: 2 });
    await eventually(async () => {
      const handled = await intake.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM inbox_entry WHERE event_id = ANY($1) AND outcome = 'applied'`, [[late.eventId, repeated.eventId]]);
      expect(handled[0].n).toBe(2);
    });

    const [row] = await intake.dataSource.query<{ status: string; withdrawn_reason: string; version: string }[]>(
      'SELECT status, withdrawn_reason, version FROM reusable_document WHERE document_id = $1',
      [available.documentId],
    );
    expect(row).toEqual({ status: 'withdrawn', withdrawn_reason: 'revoked', version: '2' });
    const { body: dossier } = await call<DossierView>('POST', '/dossiers', {
      token: await citizenToken(issuer.issuer, personalId),
      json: { procedureCode: 'TEST-CRIMINAL-RECORD' },
    });
    expect(dossier.reused).toEqual([]);
    expect(dossier.stillRequired).toContain('BIRTH_CERTIFICATE');
  });

  it('dead-letters an availability record naming another governing body instead of indexing it', async () => {
    const citizenRef = vault.citizenRefOf(randomPersonalId());
    const foreign = await availability.publish({ citizenRef, documentTypeCode: 'IDENTITY_CARD', governingBodyCode: '000.00.00.H26' });
    const [letter] = await eventually(() => {
      const found = recorder.on(DEAD_LETTERS).filter((message) => message.headers.ce_id === foreign.eventId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(letter.headers).toMatchObject({ 'dlt-reason': 'handler-failed', 'dlt-attempts': '1' });
    expect(letter.headers['dlt-error']).toContain('000.00.00.H26');
    expect(await indexRow(intake, foreign.documentId)).toBeUndefined();
  });

  it('dead-letters an availability record the vault did not sign (none, an unknown key, an intake’s key, an intake as source) and never reuses it', async () => {
    const personalId = randomPersonalId();
    const citizenRef = vault.citizenRefOf(personalId);
    const stranger = SigningIdentity.load(await generateSigningKey('vault-forged-1'));
    const intakeKey = SigningIdentity.load(await generateSigningKey(`intake-${thisAgency.code.toLowerCase()}-1`));
    const forgeries = [
      { signer: null },
      { signer: stranger },
      // Even under the vault's real key id: the key is not the one the vault publishes.
      { signer: SigningIdentity.load({ ...(await generateSigningKey(vault.signer.keyId)) }) },
      { source: `/intake-${siblingAgency.code.toLowerCase()}`, signer: intakeKey },
    ];
    const published = [];
    for (const forge of forgeries) published.push(await availability.publish({ citizenRef, documentTypeCode: 'IDENTITY_CARD' }, forge));
    for (const record of published) {
      const [letter] = await eventually(() => {
        const found = recorder.on(DEAD_LETTERS).filter((message) => message.headers.ce_id === record.eventId);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(letter.headers['dlt-reason']).toBe('SIGNATURE_INVALID');
      expect(await indexRow(intake, record.documentId)).toBeUndefined();
    }
    // So the citizen is asked for the document, as nothing trustworthy says the state holds it.
    const token = await citizenToken(issuer.issuer, personalId);
    const { body: dossier } = await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
    expect(dossier.reused).toEqual([]);
    expect(dossier.stillRequired).toContain('IDENTITY_CARD');
  });

  it('publishes DocumentVerified when an officer of this agency verifies a provided document, with no personal id anywhere', async () => {
    const personalId = randomPersonalId();
    const citizenRef = vault.citizenRefOf(personalId);
    const citizen = await citizenToken(issuer.issuer, personalId);
    const { body: created } = await call<DossierView>('POST', '/dossiers', { token: citizen, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
    expect(created.reused).toEqual([]);
    const uploaded = await call<DossierView>('POST', `/dossiers/${created.id}/documents`, { token: citizen, form: uploadForm('IDENTITY_CARD') });
    expect(uploaded.status).toBe(201);
    // The upload names no agency and no dossier: this desk says so itself, signed, in DocumentProvided.
    const [stored] = vault.uploadsBy(citizenRef);
    expect(stored).toMatchObject({ documentTypeCode: 'IDENTITY_CARD', citizenRef, fields: ['documentTypeCode', 'file'] });
    const [provision] = await eventually(() => {
      const found = recorder.on(VERIFIED_TOPIC).filter((message) => message.headers.ce_type === 'vn.gov.intake.document.provided.v1' && message.value?.includes(created.id));
      expect(found).toHaveLength(1);
      return found;
    });
    expect(JSON.parse(provision.value!)).toEqual({ documentId: stored.documentId, citizenRef, agencyCode: thisAgency.code, dossierId: created.id, providedAt: expect.any(String) as string });
    expect(provision.headers).toMatchObject({ ce_source: `/intake-${thisAgency.code.toLowerCase()}`, ce_signature: expect.stringMatching(/^[\w-]+\.\.[\w-]+$/) as string });
    expect(uploaded.body.documents).toEqual([expect.objectContaining({ documentTypeCode: 'IDENTITY_CARD', documentId: stored.documentId, source: 'provided', verification: 'pending' })]);

    const officer = await issuer.issuer.issue({ role: 'officer', subject: 'officer-nguyen-van-a', agencyCode: thisAgency.code });
    const validUntil = inDays(365).slice(0, 10);
    const verified = await call<DossierView>('POST', `/dossiers/${created.id}/documents/IDENTITY_CARD/verification`, { token: officer, json: { validUntil } });

    expect(verified.status).toBe(200);
    // A bare date is the end of that day in Vietnam, as the vault reads it too.
    expect(verified.body.documents[0]).toMatchObject({ verification: 'verified', verifiedByAgencyCode: thisAgency.code, validUntil: endOfValidity(validUntil).toISOString() });
    const [event] = await eventually(() => {
      const found = recorder.on(VERIFIED_TOPIC).filter((message) => message.headers.ce_type === 'vn.gov.intake.document.verified.v1' && message.value?.includes(created.id));
      expect(found).toHaveLength(1);
      return found;
    });
    expect(JSON.parse(event.value!)).toEqual({
      documentId: stored.documentId,
      citizenRef,
      agencyCode: thisAgency.code,
      dossierId: created.id,
      officer: 'officer-nguyen-van-a',
      verifiedAt: expect.any(String) as string,
      validUntil,
    });
    expect(event.key).toBe(citizenRef);
    expect(event.headers.ce_type).toBe('vn.gov.intake.document.verified.v1');
    expect(JSON.stringify(event)).not.toContain(personalId);

    const again = await call('POST', `/dossiers/${created.id}/documents/IDENTITY_CARD/verification`, { token: officer, json: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_VERIFIED']);

    // Once the vault makes it available, this agency reuses it on the citizen's next dossier (rule 1).
    await availability.publish({
      documentId: stored.documentId,
      citizenRef,
      documentTypeCode: 'IDENTITY_CARD',
      scope: 'agency',
      verifiedByAgencyCode: thisAgency.code,
      verifiedByAgencyName: thisAgency.name,
      validUntil: endOfValidity(validUntil).toISOString(),
    });
    await eventually(async () => expect(await indexRow(intake, stored.documentId)).toBeDefined());
    const next = await call<DossierView>('POST', '/dossiers', { token: citizen, json: { procedureCode: 'TEST-LICENCE' } });
    expect(next.body.reused.map((document) => document.documentId)).toEqual([stored.documentId]);
  });

  it("shows the validity the vault computed (the type's default) for a document verified without one, never 'valid for ever'", async () => {
    const personalId = randomPersonalId();
    const citizenRef = vault.citizenRefOf(personalId);
    const citizen = await citizenToken(issuer.issuer, personalId);
    const { body: created } = await call<DossierView>('POST', '/dossiers', { token: citizen, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
    await call<DossierView>('POST', `/dossiers/${created.id}/documents`, { token: citizen, form: uploadForm('RESIDENCE_CONFIRMATION') });
    const [stored] = vault.uploadsBy(citizenRef);
    const officer = await issuer.issuer.issue({ role: 'officer', subject: 'officer-tran-thi-b', agencyCode: thisAgency.code });
    const verified = await call<DossierView>('POST', `/dossiers/${created.id}/documents/RESIDENCE_CONFIRMATION/verification`, { token: officer, json: {} });
    expect(verified.body.documents[0]).toMatchObject({ verification: 'verified', validUntil: null });

    // The vault applies the type's default validity (say six months) and publishes it.
    const computed = inDays(182);
    await availability.publish({
      documentId: stored.documentId,
      citizenRef,
      documentTypeCode: 'RESIDENCE_CONFIRMATION',
      scope: 'agency',
      verifiedByAgencyCode: thisAgency.code,
      verifiedByAgencyName: thisAgency.name,
      validUntil: computed,
    });
    await eventually(async () => {
      const { body: shown } = await call<DossierView>('GET', `/dossiers/${created.id}`, { token: citizen });
      expect(shown.documents[0]).toMatchObject({ documentTypeCode: 'RESIDENCE_CONFIRMATION', validUntil: computed });
    });
  });

  it('rebuilds its index by replaying the topic when started on an empty database', async () => {
    const personalId = randomPersonalId();
    const citizenRef = vault.citizenRefOf(personalId);
    const kept = await availability.publish({ citizenRef, documentTypeCode: 'IDENTITY_CARD' });
    const narrowed = await availability.publish({ citizenRef, documentTypeCode: 'BIRTH_CERTIFICATE' });
    await availability.publish({ ...narrowed, scope: 'agency' });
    await eventually(async () => expect(await indexRow(intake, narrowed.documentId)).toMatchObject({ scope: 'agency' }));
    const before = await intake.dataSource.query<{ document_id: string; status: string; scope: string }[]>(
      'SELECT document_id, status, scope FROM reusable_document ORDER BY document_id',
    );

    const fresh = await startIntake({
      postgresAdminUrl,
      kafkaBrokers,
      issuerUrl: issuer.url,
      jwksUrl: issuer.jwksUrl,
      agencyCode: body.thisAgency,
      vaultUrl: vault.url,
      seedFolder,
    });
    try {
      expect(fresh.env.DATABASE_URL).not.toBe(intake.env.DATABASE_URL);
      // Ready means caught up: once readiness says so, the replay has reached the topic's end
      // as of start-up, so the index already holds everything the original one held.
      await eventually(async () => expect((await fetch(`${fresh.service.url}/health/ready`)).status).toBe(200), 60_000, 50);
      const atReadiness = await fresh.dataSource.query<{ document_id: string; status: string; scope: string }[]>(
        'SELECT document_id, status, scope FROM reusable_document ORDER BY document_id',
      );
      expect(atReadiness).toEqual(expect.arrayContaining(before));
      await eventually(async () => {
        const rebuilt = await fresh.dataSource.query<{ document_id: string; status: string; scope: string }[]>(
          'SELECT document_id, status, scope FROM reusable_document ORDER BY document_id',
        );
        expect(rebuilt).toEqual(expect.arrayContaining(before));
      }, 60_000);
      // Same decisions as the original index: the newest record of each document won.
      const { body: dossier } = await api(fresh.service.url)<DossierView>('POST', '/dossiers', {
        token: await citizenToken(issuer.issuer, personalId),
        json: { procedureCode: 'TEST-CRIMINAL-RECORD' },
      });
      expect(dossier.reused.map((document) => document.documentId)).toEqual([kept.documentId]);
      expect(dossier.stillRequired).toEqual(['BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION']);
    } finally {
      await fresh.stop();
    }
  });
});
