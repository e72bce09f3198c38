import { newVerificationCode, normaliseVerificationCode, VERIFICATION_CODE_PATTERN } from './verification-code';

describe('verification codes', () => {
  it('are three groups of four Crockford symbols, and differ', () => {
    const codes = Array.from({ length: 200 }, newVerificationCode);
    for (const code of codes) expect(code).toMatch(VERIFICATION_CODE_PATTERN);
    expect(new Set(codes).size).toBe(200);
  });

  it('forgive lower case and the letters that look like digits', () => {
    expect(normaliseVerificationCode(' 7k2m-o1il-ab3c ')).toBe('7K2M-0111-AB3C');
    expect(VERIFICATION_CODE_PATTERN.test(normaliseVerificationCode('7k2m-o1il-ab3c'))).toBe(true);
    expect(VERIFICATION_CODE_PATTERN.test('7K2M-U1I1-AB3C')).toBe(false);
  });
});
