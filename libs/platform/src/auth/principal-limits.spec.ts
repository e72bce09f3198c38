import { ApiError } from '../errors/api-error';
import { assertStorableClaims, MAX_SUBJECT_LENGTH } from './principal-limits';

const refusal = (run: () => void) => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
};

describe(assertStorableClaims.name, () => {
  it('accepts a subject up to the contracts’ limit', () => {
    expect(refusal(() => assertStorableClaims({ role: 'admin', subject: 'a'.repeat(MAX_SUBJECT_LENGTH) }))).toBeUndefined();
  });

  it('refuses a longer subject at authentication', () => {
    expect(refusal(() => assertStorableClaims({ role: 'officer', subject: 'o'.repeat(300), agencyCode: '000.00.12.H26' }))).toBe('401 SUBJECT_TOO_LONG');
  });

  it('refuses a NUL character in any claim', () => {
    expect(refusal(() => assertStorableClaims({ role: 'officer', subject: 'o', agencyCode: '000.00.12.H26\u0000' }))).toBe('400 NUL_CHARACTER');
    expect(refusal(() => assertStorableClaims({ role: 'citizen', subject: 'c\u0000', personalId: '001099012345' }))).toBe('400 NUL_CHARACTER');
  });

  it.each(['H26', '000.00.12.h26', '000.00.12.H26 ', ' 000.00.12.H26', '000.00.12.H26\n', '000/00/12/H26', `000.00.12.H26${'0'.repeat(5_000)}`, "000.00.12.H26' OR '1'='1"])(
    'refuses an officer whose agency %j is not an agency code',
    (agencyCode) => {
      expect(refusal(() => assertStorableClaims({ role: 'officer', subject: 'o', agencyCode }))).toBe('401 UNAUTHENTICATED');
    },
  );

  it('accepts an officer of an agency code', () => {
    expect(refusal(() => assertStorableClaims({ role: 'officer', subject: 'o', agencyCode: '000.00.12.H26' }))).toBeUndefined();
    expect(refusal(() => assertStorableClaims({ role: 'officer', subject: 'o', agencyCode: 'A1B.00.12.G10' }))).toBeUndefined();
  });
});
