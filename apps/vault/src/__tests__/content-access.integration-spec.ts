import { randomUUID } from 'node:crypto';
import { DocumentReused, DocumentReusedV1, DocumentVerified, DocumentVerifiedV1, type CitizenRefResponse, type StoredDocumentResponse } from '@app/contracts';
import { eventually } from '@app/testing';
import { samplePdf, samplePng } from '@app/testing';
import { VaultHarness, type TestBody } from './vault.harness';

interface AccessLogEntryView {
  documentId: string;
  action: string;
  actorRole: string;
  officerSubject?: string;
  agencyCode: string | null;
  agencyName: string | null;
  dossierId: string | null;
}

describe('vault: who may read a document, and the access log that says who did', () => {
  let vault: VaultHarness;
  /** Connected data sharing: siblings may read each other's verified documents. */
  let connected: TestBody;
  /** Not connected: only the agencies that handled a document may read it. */
  let separate: TestBody;
  let elsewhere: TestBody;

  beforeAll(async () => {
    vault = await VaultHarness.start();
    await vault.createDocumentTypes();
    connected = await vault.createBody({ connected: true, agencies: ['justice', 'health'] });
    separate = await vault.createBody({ connected: false, agencies: ['justice', 'health'] });
    elsewhere = await vault.createBody({ connected: true, agencies: ['justice'] });
  });

  afterAll(async () => {
    await vault?.stop();
  });

  /** A citizen's document, provided to `agencyCode` and (unless told otherwise) verified there. */
  async function verifiedDocument(agencyCode: string, options: { verify?: boolean; file?: Buffer; filename?: string } = {}) {
    const citizen = await vault.citizen();
    const { citizenRef } = (await vault.http().post('/citizens/me').set('authorization', citizen)).body as CitizenRefResponse;
    const dossierId = randomUUID();
    const file = options.file ?? samplePdf(randomUUID());
    const { documentId } = (await vault.upload(citizen, { file, filename: options.filename, documentTypeCode: 'BIRTH_CERTIFICATE' }).expect(201)).body as StoredDocumentResponse;
    await vault.provideTo({ documentId, citizenRef }, agencyCode, dossierId);
    if (options.verify !== false) {
      await vault.produce(
        DocumentVerified,
        Object.assign(new DocumentVerifiedV1(), { documentId, citizenRef, agencyCode, dossierId, officer: 'verifier@test', verifiedAt: new Date().toISOString() }),
      );
      await eventually(async () => {
        const view = await vault.http().get(`/documents/${documentId}`).set('authorization', citizen).expect(200);
        expect((view.body as StoredDocumentResponse).status).toBe('verified');
      });
    }
    return { citizen, citizenRef, documentId, file, dossierId };
  }

  /** What a sibling's intake says when it attaches the document to one of its dossiers: a signed DocumentReused. */
  async function reuseAt(document: { documentId: string; citizenRef: string }, agencyCode: string, dossierId = randomUUID()): Promise<string> {
    await vault.produce(
      DocumentReused,
      Object.assign(new DocumentReusedV1(), { documentId: document.documentId, citizenRef: document.citizenRef, agencyCode, dossierId, reusedAt: new Date().toISOString() }),
    );
    await eventually(async () => expect(await vault.count('document_attachment', 'document_id = $1 AND dossier_id = $2', [document.documentId, dossierId])).toBe(1));
    return dossierId;
  }

  /** `dossierId` null: the query leaves it out. The body is kept as bytes, whatever the content type. */
  async function read(authorization: string, documentId: string, dossierId: string | null = randomUUID()) {
    const response = await vault
      .http()
      .get(`/documents/${documentId}/content`)
      .query(dossierId ? { dossierId } : {})
      .set('authorization', authorization)
      .buffer(true)
      .parse((incoming, callback) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    const body = response.body as Buffer;
    return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body.toString()) as unknown };
  }

  const accessLog = async (citizen: string) => (await vault.http().get('/access-log').set('authorization', citizen).expect(200)).body.items as AccessLogEntryView[];

  it('serves the bytes to the owner, the agencies that handled it and, with connected data sharing, their siblings; refuses everyone else; and logs it all', async () => {
    const document = await verifiedDocument(connected.agencies.justice);
    const dossier = { justice: document.dossierId, health: await reuseAt(document, connected.agencies.health), elsewhere: randomUUID() };

    const owner = await read(document.citizen, document.documentId, null);
    expect(owner.status).toBe(200);
    expect(owner.headers['content-type']).toBe('application/pdf');
    expect(owner.headers['cache-control']).toBe('no-store');
    expect(owner.body).toEqual(document.file);

    const providing = await read(await vault.officer(connected.agencies.justice, 'clerk@justice'), document.documentId, dossier.justice);
    expect(providing.status).toBe(200);
    expect(providing.body).toEqual(document.file);

    const sibling = await read(await vault.officer(connected.agencies.health, 'clerk@health'), document.documentId, dossier.health);
    expect(sibling.status).toBe(200);

    const otherBody = await read(await vault.officer(elsewhere.agencies.justice, 'clerk@elsewhere'), document.documentId, dossier.elsewhere);
    expect(otherBody.status).toBe(403);
    expect(otherBody.json()).toMatchObject({ error: { code: 'OUT_OF_SCOPE' } });

    // Another citizen is told there is no such document: ids must not reveal other people's papers.
    const stranger = await read(await vault.citizen(), document.documentId, null);
    expect(stranger.status).toBe(404);
    expect(stranger.json()).toMatchObject({ error: { code: 'DOCUMENT_NOT_FOUND' } });
    expect((await read(await vault.admin(), document.documentId)).status).toBe(403);

    const log = await accessLog(document.citizen);
    const summary = log.map((entry) => [entry.action, entry.actorRole, entry.agencyCode, entry.dossierId]);
    expect(summary).toEqual([
      ['read-denied', 'admin', null, expect.any(String)],
      ['read-denied', 'citizen', null, null],
      ['read-denied', 'officer', elsewhere.agencies.justice, dossier.elsewhere],
      ['read', 'officer', connected.agencies.health, dossier.health],
      ['read', 'officer', connected.agencies.justice, dossier.justice],
      ['read', 'citizen', null, null],
      ['reused', 'system', connected.agencies.health, dossier.health],
    ]);
    expect(log.every((entry) => entry.documentId === document.documentId)).toBe(true);
    expect(log[3]).toMatchObject({ officerSubject: 'clerk@health', agencyName: `Sở health ${connected.code}` });
    // Other citizens' and admins' identities are not shown, only officers' (who act in office).
    expect(log.filter((entry) => entry.actorRole !== 'officer').every((entry) => entry.officerSubject === undefined)).toBe(true);
  });

  it('refuses a sibling agency when the governing body has not connected data sharing, and logs the attempt', async () => {
    const document = await verifiedDocument(separate.agencies.justice, { file: samplePng(), filename: 'photo.png' });
    const dossierId = randomUUID();
    const refused = await read(await vault.officer(separate.agencies.health), document.documentId, dossierId);
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'OUT_OF_SCOPE' } });
    const metadata = await vault.http().get(`/documents/${document.documentId}`).set('authorization', await vault.officer(separate.agencies.health));
    expect(metadata.status).toBe(403);

    const verifying = await read(await vault.officer(separate.agencies.justice), document.documentId, document.dossierId);
    expect(verifying.status).toBe(200);
    expect(verifying.headers['content-type']).toBe('image/png');

    const log = await accessLog(document.citizen);
    expect(log[1]).toMatchObject({ action: 'read-denied', agencyCode: separate.agencies.health, dossierId, agencyName: `Sở health ${separate.code}` });
    expect(log[0]).toMatchObject({ action: 'read', agencyCode: separate.agencies.justice });
  });

  it('lets the providing agency read an unverified document, but not yet its siblings', async () => {
    const document = await verifiedDocument(connected.agencies.justice, { verify: false });
    expect((await read(await vault.officer(connected.agencies.justice), document.documentId, document.dossierId)).status).toBe(200);
    expect((await read(await vault.officer(connected.agencies.health), document.documentId)).status).toBe(403);
    expect((await accessLog(document.citizen)).map((entry) => entry.action)).toEqual(['read-denied', 'read']);
  });

  it('asks an officer which dossier a read is for, and refuses malformed or unknown ids', async () => {
    const document = await verifiedDocument(connected.agencies.justice);
    const officer = await vault.officer(connected.agencies.justice);
    const withoutDossier = await read(officer, document.documentId, null);
    expect(withoutDossier.status).toBe(400);
    expect(withoutDossier.json()).toMatchObject({ error: { code: 'DOSSIER_ID_REQUIRED' } });
    expect((await read(officer, 'not-a-uuid')).json()).toMatchObject({ error: { code: 'INVALID_ID' } });
    expect((await read(officer, randomUUID())).status).toBe(404);
    expect((await read(officer, document.documentId, 'dossier-7')).status).toBe(400);
    await vault.http().get(`/documents/${document.documentId}/content`).expect(401);
    // None of these was a read of the document.
    expect(await accessLog(document.citizen)).toEqual([]);
  });

  it('serves an officer only for a dossier of their agency the document is attached to; a random id, another citizen’s dossier or another agency’s is refused and logged with the id given', async () => {
    const document = await verifiedDocument(connected.agencies.justice);
    const healthDossier = await reuseAt(document, connected.agencies.health);
    // Another citizen's document, provided to the same agency for that citizen's own dossier.
    const otherCitizens = await verifiedDocument(connected.agencies.justice);
    const justice = await vault.officer(connected.agencies.justice, 'clerk@justice');
    const health = await vault.officer(connected.agencies.health, 'clerk@health');
    const random = randomUUID();

    const attempts: [string, string, string][] = [
      ['a random dossier id', justice, random],
      ['another citizen’s dossier at the same agency', justice, otherCitizens.dossierId],
      ['another agency’s dossier', justice, healthDossier],
      ['the providing agency’s dossier, by a sibling', health, document.dossierId],
    ];
    for (const [, officer, dossierId] of attempts) {
      const refused = await read(officer, document.documentId, dossierId);
      expect(refused.status).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'OUT_OF_SCOPE' } });
    }
    expect((await read(justice, document.documentId, document.dossierId)).status).toBe(200);
    expect((await read(health, document.documentId, healthDossier)).status).toBe(200);

    const log = (await accessLog(document.citizen)).filter((entry) => entry.action !== 'reused');
    expect(log.map((entry) => [entry.action, entry.agencyCode, entry.dossierId])).toEqual([
      ['read', connected.agencies.health, healthDossier],
      ['read', connected.agencies.justice, document.dossierId],
      ['read-denied', connected.agencies.health, document.dossierId],
      ['read-denied', connected.agencies.justice, healthDossier],
      ['read-denied', connected.agencies.justice, otherCitizens.dossierId],
      ['read-denied', connected.agencies.justice, random],
    ]);
    // The other citizen's log shows nothing of this.
    expect(await accessLog(otherCitizens.citizen)).toEqual([]);
  });
});
