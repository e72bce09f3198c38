import { randomUUID } from 'node:crypto';
import { ReuseRule, type ReuseCandidate } from './reuse-rule';

const THIS_AGENCY = '000.00.12.H26';
const SIBLING_AGENCY = '000.00.15.H26';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const CITIZEN = randomUUID();

function candidate(overrides: Partial<ReuseCandidate> = {}): ReuseCandidate {
  return {
    documentId: randomUUID(),
    citizenRef: CITIZEN,
    documentTypeCode: 'IDENTITY_CARD',
    verifiedByAgencyCode: SIBLING_AGENCY,
    verifiedAt: new Date('2026-01-10T08:00:00.000Z'),
    validUntil: null,
    scope: 'governing-body',
    status: 'available',
    ...overrides,
  };
}

describe(ReuseRule.name, () => {
  const rule = new ReuseRule(THIS_AGENCY);

  describe('reuses', () => {
    it('a document the whole governing body shares, verified by a sibling agency', () => {
      const shared = candidate({ scope: 'governing-body', verifiedByAgencyCode: SIBLING_AGENCY });
      expect(rule.pick([shared], CITIZEN, 'IDENTITY_CARD', NOW)).toBe(shared);
    });

    it('a document of scope agency that this very agency verified', () => {
      const own = candidate({ scope: 'agency', verifiedByAgencyCode: THIS_AGENCY });
      expect(rule.pick([own], CITIZEN, 'IDENTITY_CARD', NOW)).toBe(own);
    });

    it('a document valid until a moment still in the future', () => {
      const valid = candidate({ validUntil: new Date(NOW.getTime() + 1) });
      expect(rule.permits(valid, NOW)).toBe(true);
    });

    it('the most recently verified of several permitted documents', () => {
      const older = candidate({ verifiedAt: new Date('2025-01-01T00:00:00.000Z') });
      const newest = candidate({ verifiedAt: new Date('2026-03-01T00:00:00.000Z') });
      const middle = candidate({ verifiedAt: new Date('2025-06-01T00:00:00.000Z') });
      expect(rule.pick([older, newest, middle], CITIZEN, 'IDENTITY_CARD', NOW)).toBe(newest);
    });

    it('an older permitted document when the newest one is not permitted', () => {
      const olderValid = candidate({ verifiedAt: new Date('2025-01-01T00:00:00.000Z') });
      const newerRevoked = candidate({ verifiedAt: new Date('2026-03-01T00:00:00.000Z'), status: 'withdrawn' });
      expect(rule.pick([olderValid, newerRevoked], CITIZEN, 'IDENTITY_CARD', NOW)).toBe(olderValid);
    });
  });

  describe('never reuses', () => {
    it('an expired document', () => {
      expect(rule.pick([candidate({ validUntil: new Date('2026-05-31T00:00:00.000Z') })], CITIZEN, 'IDENTITY_CARD', NOW)).toBeUndefined();
    });

    it('a document whose validity ends at this very moment', () => {
      expect(rule.permits(candidate({ validUntil: NOW }), NOW)).toBe(false);
    });

    it('a revoked or otherwise withdrawn document', () => {
      expect(rule.pick([candidate({ status: 'withdrawn' })], CITIZEN, 'IDENTITY_CARD', NOW)).toBeUndefined();
    });

    it("a sibling agency's document when its scope is that agency only", () => {
      expect(rule.pick([candidate({ scope: 'agency', verifiedByAgencyCode: SIBLING_AGENCY })], CITIZEN, 'IDENTITY_CARD', NOW)).toBeUndefined();
    });

    it("another citizen's document", () => {
      expect(rule.pick([candidate({ citizenRef: randomUUID() })], CITIZEN, 'IDENTITY_CARD', NOW)).toBeUndefined();
    });

    it('a document of another type', () => {
      expect(rule.pick([candidate({ documentTypeCode: 'BIRTH_CERTIFICATE' })], CITIZEN, 'IDENTITY_CARD', NOW)).toBeUndefined();
    });

    it('anything when the index holds nothing (unverified documents never reach it)', () => {
      expect(rule.pick([], CITIZEN, 'IDENTITY_CARD', NOW)).toBeUndefined();
    });
  });

  describe('says why it no longer permits a document', () => {
    const cases: [string, Partial<ReuseCandidate>, ReturnType<ReuseRule['refusal']>][] = [
      ['still available and valid', {}, undefined],
      ['revoked by the vault', { status: 'withdrawn', withdrawnReason: 'revoked' }, 'revoked'],
      ['withdrawn as expired by the vault', { status: 'withdrawn', withdrawnReason: 'expired' }, 'expired'],
      ['withdrawn without a reason on record', { status: 'withdrawn', withdrawnReason: null }, 'revoked'],
      ['its validity over, before the vault said so', { validUntil: new Date(NOW.getTime() - 1) }, 'expired'],
      ["a sibling's document after the body stopped sharing", { scope: 'agency', verifiedByAgencyCode: SIBLING_AGENCY }, 'no-longer-shared'],
      ["this agency's own document after the body stopped sharing", { scope: 'agency', verifiedByAgencyCode: THIS_AGENCY }, undefined],
    ];
    it.each(cases.map(([name, overrides, expected]) => [name, expected, overrides] as const))('%s: %s', (_name, expected, overrides) => {
      expect(rule.refusal(candidate(overrides), NOW)).toBe(expected);
    });
  });
});
