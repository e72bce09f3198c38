import { Agency } from '../directory/agency.entity';
import { GoverningBody } from '../directory/governing-body.entity';
import { StoredDocument } from '../documents/stored-document.entity';
import { availabilityRecord, type Verifier } from './availability.publisher';

const now = new Date('2026-03-01T00:00:00.000Z');

function verifier(connected: boolean): Verifier {
  return {
    agency: Object.assign(new Agency(), { code: '000.00.12.H26', governingBodyCode: '000.00.00.H26', nameVi: 'Sở Tư pháp thành phố Hà Nội', nameEn: 'Hanoi Department of Justice', tier: 'province' }),
    body: Object.assign(new GoverningBody(), { code: '000.00.00.H26', dataSharingConnected: connected, dataSharingEffectiveFrom: new Date('2025-07-01T00:00:00.000Z') }),
  };
}

function document(overrides: Partial<StoredDocument> = {}): StoredDocument {
  return Object.assign(new StoredDocument(), {
    id: '3b0c8a4e-7d3f-4c1a-9f59-2d1f0f9b2a11',
    citizenRef: '6f1c1c2e-8d0a-4d55-9a55-1b1b3c0f0a01',
    documentTypeCode: 'HEALTH_CERTIFICATE',
    status: 'verified',
    verifiedByAgencyCode: '000.00.12.H26',
    verifiedAt: new Date('2026-01-15T03:00:00.000Z'),
    validUntil: new Date('2026-07-15T03:00:00.000Z'),
    availabilityVersion: 3,
    ...overrides,
  });
}

describe(availabilityRecord.name, () => {
  it('announces a verified document on its verifier’s body, under the Vietnamese name, with the body’s scope', () => {
    expect({ ...availabilityRecord(document(), verifier(true), undefined, now) }).toEqual({
      documentId: '3b0c8a4e-7d3f-4c1a-9f59-2d1f0f9b2a11',
      citizenRef: '6f1c1c2e-8d0a-4d55-9a55-1b1b3c0f0a01',
      documentTypeCode: 'HEALTH_CERTIFICATE',
      governingBodyCode: '000.00.00.H26',
      verifiedByAgencyCode: '000.00.12.H26',
      verifiedByAgencyName: 'Sở Tư pháp thành phố Hà Nội',
      verifiedAt: '2026-01-15T03:00:00.000Z',
      validUntil: '2026-07-15T03:00:00.000Z',
      scope: 'governing-body',
      status: 'available',
      version: 3,
    });
    expect(availabilityRecord(document(), verifier(false), undefined, now).scope).toBe('agency');
  });

  it('leaves validUntil out for a document valid without limit', () => {
    const record = availabilityRecord(document({ validUntil: null }), verifier(true), undefined, now);
    expect(JSON.parse(JSON.stringify(record))).not.toHaveProperty('validUntil');
  });

  it('announces a withdrawal with its reason', () => {
    expect(availabilityRecord(document(), verifier(true), 'revoked', now)).toMatchObject({ status: 'withdrawn', withdrawnReason: 'revoked' });
  });

  it('refuses to build a record before the document’s version was raised for it', () => {
    expect(() => availabilityRecord(document({ availabilityVersion: 0 }), verifier(true), undefined, now)).toThrow(/version 0/);
  });

  it('refuses to announce a document its verifier did not verify', () => {
    expect(() => availabilityRecord(document({ verifiedAt: null, verifiedByAgencyCode: null }), verifier(true), undefined, now)).toThrow(/not verified/);
  });
});
