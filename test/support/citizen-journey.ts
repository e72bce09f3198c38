import request from 'supertest';
import type { Principal } from '@app/platform';
import { randomPersonalId, samplePdf } from '@app/testing';

/** What a journey needs of a running platform, in-process (PlatformHarness) or as processes (ProcessPlatform). */
export interface JourneyPlatform {
  readonly vault: { readonly url: string };
  intake(agency: string): { readonly url: string };
  token(principal: Principal): Promise<string>;
}

export interface ReusedDocument {
  documentTypeCode: string;
  documentId: string;
  verifiedByAgencyCode: string;
  verifiedByAgencyName: string | null;
  verifiedAt: string;
  validUntil: string | null;
}

export interface DossierView {
  id: string;
  procedureCode: string;
  status: string;
  reused: ReusedDocument[];
  stillRequired: string[];
  documents: { documentTypeCode: string; documentId: string; source: string }[];
}

/** Fails with the response body in the message, so a refusal explains itself. */
export function expectStatus(response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
}

/** What a citizen and the officers serving them do, through the public HTTP APIs only. */
export class CitizenJourney {
  readonly personalId = randomPersonalId();

  constructor(private readonly platform: JourneyPlatform) {}

  citizenToken(): Promise<string> {
    return this.platform.token({ role: 'citizen', subject: `citizen-${this.personalId}`, personalId: this.personalId });
  }

  officerToken(agencyCode: string): Promise<string> {
    return this.platform.token({ role: 'officer', subject: `officer-1@${agencyCode}`, agencyCode });
  }

  adminToken(): Promise<string> {
    return this.platform.token({ role: 'admin', subject: 'platform-admin' } satisfies Principal);
  }

  private at(agency: string): { readonly url: string } {
    return this.platform.intake(agency);
  }

  async openDossier(agency: string, procedureCode: string, intake = this.at(agency)): Promise<DossierView> {
    const response = await request(intake.url)
      .post('/dossiers')
      .auth(await this.citizenToken(), { type: 'bearer' })
      .send({ procedureCode })
      .expect(201);
    return response.body as DossierView;
  }

  async provide(agency: string, dossierId: string, documentTypeCode: string, content = samplePdf(documentTypeCode)) {
    return request(this.at(agency).url)
      .post(`/dossiers/${dossierId}/documents`)
      .auth(await this.citizenToken(), { type: 'bearer' })
      .field('documentTypeCode', documentTypeCode)
      .attach('file', content, { filename: 'scan.pdf', contentType: 'application/pdf' });
  }

  async verify(agency: string, dossierId: string, documentTypeCode: string, body: { validUntil?: string } = {}, traceparent?: string) {
    const call = request(this.at(agency).url)
      .post(`/dossiers/${dossierId}/documents/${documentTypeCode}/verification`)
      .auth(await this.officerToken(agency), { type: 'bearer' });
    return (traceparent ? call.set('traceparent', traceparent) : call).send(body);
  }

  /** Provides and verifies one document at `agency`; returns its vault id. */
  async provideVerified(agency: string, procedureCode: string, documentTypeCode: string, validUntil?: string): Promise<string> {
    const dossier = await this.openDossier(agency, procedureCode);
    expectStatus(await this.provide(agency, dossier.id, documentTypeCode), 201);
    expectStatus(await this.verify(agency, dossier.id, documentTypeCode, validUntil ? { validUntil } : {}), 200);
    const view = await this.dossier(agency, dossier.id);
    return view.documents.find((document) => document.documentTypeCode === documentTypeCode)!.documentId;
  }

  async dossier(agency: string, id: string, token?: string): Promise<DossierView> {
    const response = await request(this.at(agency).url)
      .get(`/dossiers/${id}`)
      .auth(token ?? (await this.citizenToken()), { type: 'bearer' })
      .expect(200);
    return response.body as DossierView;
  }

  async readContentAs(agency: string, documentId: string, dossierId: string) {
    return request(this.platform.vault.url)
      .get(`/documents/${documentId}/content`)
      .query({ dossierId })
      .auth(await this.officerToken(agency), { type: 'bearer' });
  }

  async revokeAs(agency: string, documentId: string) {
    return request(this.platform.vault.url)
      .post(`/documents/${documentId}/revocation`)
      .auth(await this.officerToken(agency), { type: 'bearer' })
      .send({ reason: 'Issued in error; replaced by a corrected certificate.' });
  }

  async setDataSharing(governingBodyCode: string, connected: boolean) {
    return request(this.platform.vault.url)
      .put(`/directory/governing-bodies/${governingBodyCode}/data-sharing`)
      .auth(await this.adminToken(), { type: 'bearer' })
      .send({ connected })
      .expect(200);
  }

  /** The whole log, page by page, as a client walks it. */
  async accessLog(): Promise<{ documentId: string; action: string; agencyCode: string | null; dossierId: string | null }[]> {
    const entries: { documentId: string; action: string; agencyCode: string | null; dossierId: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const response = await request(this.platform.vault.url)
        .get('/access-log')
        .query({ limit: 20, ...(cursor ? { cursor } : {}) })
        .auth(await this.citizenToken(), { type: 'bearer' })
        .expect(200);
      const page = response.body as { items: typeof entries; nextCursor: string | null };
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  }

  async documentAs(token: string, documentId: string) {
    return request(this.platform.vault.url).get(`/documents/${documentId}/content`).auth(token, { type: 'bearer' });
  }
}
