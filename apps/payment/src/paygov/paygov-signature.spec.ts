import { payGovCanonical, payGovSign, payGovSignatureValid } from './paygov-signature';

describe(payGovSign.name, () => {
  it('signs the sorted pairs without the signature field', () => {
    const fields = { orderReference: 'HS000123', merchantCode: 'UBND-BD', amount: '205000', signature: 'ignored' };
    expect(payGovCanonical(fields)).toBe('amount=205000&merchantCode=UBND-BD&orderReference=HS000123');
    // Computed apart from this code: Python's hmac.new(b'test-secret', canonical, hashlib.sha256).hexdigest().
    expect(payGovSign(fields, 'test-secret')).toBe('ecc1dad44f0efb1e8828e1176b90825d636e99330144337c323075b62472fb8e');
  });

  it('signs decomposed and composed Vietnamese alike', () => {
    expect(payGovSign({ description: 'Lệ phí'.normalize('NFD') }, 'k')).toBe(payGovSign({ description: 'Lệ phí' }, 'k'));
  });
});

describe(payGovSignatureValid.name, () => {
  const fields = { amount: '205000', orderReference: 'HS000123' };
  const signed = { ...fields, signature: payGovSign(fields, 'test-secret') };

  it('accepts the right signature, in either case', () => {
    expect(payGovSignatureValid(signed, 'test-secret')).toBe(true);
    expect(payGovSignatureValid({ ...signed, signature: signed.signature.toUpperCase() }, 'test-secret')).toBe(true);
  });

  it.each([
    ['another key', signed, 'other-secret'],
    ['a changed amount', { ...signed, amount: '205001' }, 'test-secret'],
    ['an added field', { ...signed, status: 'success' }, 'test-secret'],
    ['no signature', fields, 'test-secret'],
    ['a truncated signature', { ...signed, signature: signed.signature.slice(0, 62) }, 'test-secret'],
    ['a signature that is not hex', { ...signed, signature: 'z'.repeat(64) }, 'test-secret'],
  ])('refuses %s', (_case, candidate: Record<string, string>, secret) => {
    expect(payGovSignatureValid(candidate, secret)).toBe(false);
  });
});
