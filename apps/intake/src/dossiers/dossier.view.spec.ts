import { randomUUID } from 'node:crypto';
import { informationFixture } from '../__tests__/procedure-fixtures';
import type { PublishedProcedure } from '../procedures/procedure.view';
import type { DossierDocument } from './dossier-document.entity';
import type { Dossier } from './dossier.entity';
import { toDossierView } from './dossier.view';

const procedure: PublishedProcedure = {
  code: 'JUS-CRIMINAL-RECORD',
  version: 1,
  information: informationFixture({ level: 4, requiredDocumentTypes: ['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION'] }),
  classification: 'full_online',
};

const dossier: Dossier = {
  id: randomUUID(),
  procedureCode: procedure.code,
  procedureVersion: 1,
  procedureLevel: procedure.information.level,
  citizenPersonalId: '001099012345',
  citizenRef: randomUUID(),
  status: 'draft',
  createdAt: new Date('2026-06-01T08:00:00.000Z'),
  submittedAt: null,
  formData: null,
  returnChannel: null,
  dossierCode: null,
  receivedAt: null,
  appointmentDate: null,
  pausedWorkingDays: null,
  feeVnd: null,
  paidAt: null,
  paymentChannel: null,
  statusChangedAt: new Date('2026-06-01T08:00:00.000Z'),
};

function document(overrides: Partial<DossierDocument>): DossierDocument {
  return {
    dossierId: dossier.id,
    documentTypeCode: 'IDENTITY_CARD',
    documentId: randomUUID(),
    source: 'provided',
    verification: 'pending',
    verifiedByAgencyCode: null,
    verifiedByAgencyName: null,
    verifiedByOfficer: null,
    verifiedAt: null,
    validUntil: null,
    attachedAt: new Date('2026-06-01T08:00:00.000Z'),
    ...overrides,
  };
}

describe(toDossierView.name, () => {
  it('says what was reused and by whom, and lists only what is neither reused nor provided as still required', () => {
    const reused = document({
      documentTypeCode: 'BIRTH_CERTIFICATE',
      source: 'reused',
      verification: 'verified',
      verifiedByAgencyCode: '000.00.15.H26',
      verifiedByAgencyName: 'Sở Y tế thành phố Hà Nội',
      verifiedAt: new Date('2026-01-02T03:04:05.000Z'),
    });
    const provided = document({ documentTypeCode: 'IDENTITY_CARD' });
    const view = toDossierView(dossier, procedure, [reused, provided], []);
    expect(view.reused).toEqual([
      {
        documentTypeCode: 'BIRTH_CERTIFICATE',
        documentId: reused.documentId,
        verifiedByAgencyCode: '000.00.15.H26',
        verifiedByAgencyName: 'Sở Y tế thành phố Hà Nội',
        verifiedAt: '2026-01-02T03:04:05.000Z',
        validUntil: null,
      },
    ]);
    expect(view.stillRequired).toEqual(['RESIDENCE_CONFIRMATION']);
    expect(view.documents.map((entry) => entry.documentTypeCode)).toEqual(['IDENTITY_CARD', 'BIRTH_CERTIFICATE']);
  });

  it('never shows the personal identification number', () => {
    expect(JSON.stringify(toDossierView(dossier, procedure, [], []))).not.toContain(dossier.citizenPersonalId);
  });
});
