import type { Principal } from '@app/platform';
import { decideAccess, type AccessFacts } from './document-access.policy';

const now = new Date('2026-03-01T00:00:00.000Z');
const OWNER_REF = '6f1c1c2e-8d0a-4d55-9a55-1b1b3c0f0a01';
const PROVIDED_TO = '000.00.12.H26';
const SIBLING = '000.00.15.H26';
const BODY = '000.00.00.H26';

function facts(overrides: { document?: Partial<AccessFacts['document']> } & Partial<Omit<AccessFacts, 'document'>> = {}): AccessFacts {
  return {
    callerCitizenRef: null,
    officerBodyCode: BODY,
    verifyingBody: { code: BODY, dataSharingConnected: true, dataSharingEffectiveFrom: new Date('2025-07-01T00:00:00.000Z') },
    ...overrides,
    document: {
      citizenRef: OWNER_REF,
      status: 'verified',
      providedToAgencyCode: PROVIDED_TO,
      verifiedByAgencyCode: PROVIDED_TO,
      validUntil: new Date('2026-09-01T00:00:00.000Z'),
      ...overrides.document,
    },
  };
}

const officer = (agencyCode: string): Principal => ({ role: 'officer', subject: `officer@${agencyCode}`, agencyCode });
const citizen: Principal = { role: 'citizen', subject: 'citizen-1', personalId: '001099012345' };
const admin: Principal = { role: 'admin', subject: 'platform-admin' };

describe(decideAccess.name, () => {
  it('lets the owner read their document whatever its status', () => {
    expect(decideAccess(citizen, facts({ callerCitizenRef: OWNER_REF, document: { status: 'revoked' } }), now)).toEqual({ allowed: true, basis: 'owner' });
  });

  it('refuses another citizen, and a citizen the vault does not know', () => {
    expect(decideAccess(citizen, facts({ callerCitizenRef: 'a0000000-0000-4000-8000-000000000000' }), now).allowed).toBe(false);
    expect(decideAccess(citizen, facts({ callerCitizenRef: null }), now).allowed).toBe(false);
  });

  it('lets the agency it was provided to read it before verification', () => {
    const provided = facts({ document: { status: 'provided', verifiedByAgencyCode: null, validUntil: null }, verifyingBody: null });
    expect(decideAccess(officer(PROVIDED_TO), provided, now)).toEqual({ allowed: true, basis: 'provided-to-agency' });
  });

  it('lets the verifying agency read it even once revoked or expired', () => {
    const document = { status: 'revoked' as const, providedToAgencyCode: '000.00.08.H26', validUntil: new Date('2020-01-01T00:00:00.000Z') };
    expect(decideAccess(officer(PROVIDED_TO), facts({ document }), now)).toEqual({ allowed: true, basis: 'verifying-agency' });
  });

  it('lets a sibling agency read a verified, valid document when the body shares data', () => {
    expect(decideAccess(officer(SIBLING), facts(), now)).toEqual({ allowed: true, basis: 'governing-body' });
    expect(decideAccess(officer(SIBLING), facts({ document: { validUntil: null } }), now).allowed).toBe(true);
  });

  it('refuses a sibling agency when the body does not share data, or not yet', () => {
    const disconnected = { code: BODY, dataSharingConnected: false, dataSharingEffectiveFrom: new Date('2025-07-01T00:00:00.000Z') };
    const notYet = { code: BODY, dataSharingConnected: true, dataSharingEffectiveFrom: new Date('2026-03-02T00:00:00.000Z') };
    expect(decideAccess(officer(SIBLING), facts({ verifyingBody: disconnected }), now).allowed).toBe(false);
    expect(decideAccess(officer(SIBLING), facts({ verifyingBody: notYet }), now).allowed).toBe(false);
  });

  it('refuses a sibling agency for a document that is not verified, revoked or expired', () => {
    expect(decideAccess(officer(SIBLING), facts({ document: { status: 'provided', verifiedByAgencyCode: null }, verifyingBody: null }), now).allowed).toBe(false);
    expect(decideAccess(officer(SIBLING), facts({ document: { status: 'revoked' } }), now).allowed).toBe(false);
    expect(decideAccess(officer(SIBLING), facts({ document: { validUntil: now } }), now).allowed).toBe(false);
  });

  it('refuses an officer of another governing body and an unknown agency', () => {
    expect(decideAccess(officer('000.00.12.H29'), facts({ officerBodyCode: '000.00.00.H29' }), now).allowed).toBe(false);
    expect(decideAccess(officer('000.00.99.H26'), facts({ officerBodyCode: null }), now).allowed).toBe(false);
  });

  it('refuses platform admins: running the platform is no reason to read citizens’ documents', () => {
    expect(decideAccess(admin, facts(), now).allowed).toBe(false);
  });
});
