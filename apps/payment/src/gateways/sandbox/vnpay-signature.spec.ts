import { createHmac } from 'node:crypto';
import { vnpayCanonicalQuery, vnpaySign, vnpaySignatureValid } from './vnpay-signature';

const SECRET = 'sandbox-secret-0123456789';

describe('VNPay signature', () => {
  const params = { vnp_TxnRef: 'abc', vnp_Amount: '5000000', vnp_OrderInfo: 'Lệ phí hồ sơ', vnp_SecureHash: 'x', other: 'ignored' };

  it('signs the sorted, URL-encoded vnp_ parameters without the hash', () => {
    expect(vnpayCanonicalQuery(params)).toBe('vnp_Amount=5000000&vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+h%E1%BB%93+s%C6%A1&vnp_TxnRef=abc');
    expect(vnpaySign(params, SECRET)).toBe(createHmac('sha512', SECRET).update(vnpayCanonicalQuery(params)).digest('hex'));
  });

  it('accepts its own signature, in either case of hex', () => {
    const signed = { ...params, vnp_SecureHash: vnpaySign(params, SECRET) };
    expect(vnpaySignatureValid(signed, SECRET)).toBe(true);
    expect(vnpaySignatureValid({ ...signed, vnp_SecureHash: signed.vnp_SecureHash.toUpperCase() }, SECRET)).toBe(true);
  });

  it.each([
    ['a changed amount', { vnp_Amount: '5000001' }],
    ['a missing hash', { vnp_SecureHash: '' }],
    ['a hash that is not hex', { vnp_SecureHash: 'z'.repeat(128) }],
    ['a short hash', { vnp_SecureHash: 'ab' }],
  ])('refuses %s', (_label, change) => {
    const signed = { ...params, vnp_SecureHash: vnpaySign(params, SECRET), ...change };
    expect(vnpaySignatureValid(signed, SECRET)).toBe(false);
  });

  it('refuses a signature made with another secret', () => {
    expect(vnpaySignatureValid({ ...params, vnp_SecureHash: vnpaySign(params, 'another-secret-000000') }, SECRET)).toBe(false);
  });
});
