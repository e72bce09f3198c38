import { createHmac } from 'node:crypto';
import { creditCanonical, creditSignatureValid } from './credit-signature';

const SECRET = 'bank-secret-0123456789';
const FIELDS = { bankTransactionId: 'FT26336123', accountNumber: '0011001234567', amountVnd: '205000', description: 'DVC6F1C0D6E8D3B4C599A7C1B chuyen tien', creditedAt: '2026-12-02T05:00:00.000Z' };

function signed(fields: Record<string, string>, secret = SECRET): Record<string, string> {
  return { ...fields, signature: createHmac('sha512', secret).update(creditCanonical(fields)).digest('hex') };
}

describe(creditSignatureValid.name, () => {
  it('signs every field but the signature, sorted, URL-encoded', () => {
    expect(creditCanonical({ b: 'x y', a: '1&2', signature: 'ignored' })).toBe('a=1%262&b=x%20y');
  });

  it('accepts the bank key, in either hex case, and refuses another key, a changed field or an added one', () => {
    const good = signed(FIELDS);
    expect(creditSignatureValid(good, SECRET)).toBe(true);
    expect(creditSignatureValid({ ...good, signature: good.signature.toUpperCase() }, SECRET)).toBe(true);
    expect(creditSignatureValid(signed(FIELDS, 'another-key-0123456789'), SECRET)).toBe(false);
    expect(creditSignatureValid({ ...good, amountVnd: '205001' }, SECRET)).toBe(false);
    expect(creditSignatureValid({ ...good, extra: '1' }, SECRET)).toBe(false);
  });

  it('refuses a missing or malformed signature without comparing', () => {
    expect(creditSignatureValid(FIELDS, SECRET)).toBe(false);
    expect(creditSignatureValid({ ...FIELDS, signature: 'abc' }, SECRET)).toBe(false);
    expect(creditSignatureValid({ ...FIELDS, signature: 'z'.repeat(128) }, SECRET)).toBe(false);
  });
});
