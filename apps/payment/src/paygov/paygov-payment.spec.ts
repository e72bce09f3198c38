import type { PayGovEnabled } from './paygov-config';
import { PayGovCallbackRejection, payGovPaymentRequest, verifyPayGovCallback, vietnamTimestamp, type PayGovPaymentOrder } from './paygov-payment';
import { payGovSign, payGovSignatureValid } from './paygov-signature';

const config: PayGovEnabled = {
  enabled: true,
  url: 'https://paygov.example.gov.vn/api',
  merchantCode: 'UBND-BD',
  secretFile: '/run/secrets/paygov',
  callbackUrl: 'https://payment.example.gov.vn/paygov/callback',
  returnUrl: 'https://dichvucong.example.gov.vn/ket-qua',
};
const SECRET = 'test-secret';
const order = (overrides: Partial<PayGovPaymentOrder> = {}): PayGovPaymentOrder => ({
  orderReference: 'HS000123',
  amountVnd: 205_000,
  dossierCode: '000.00.01.H26-261202-0001',
  agencyCode: '000.00.01.H26',
  description: 'Lệ phí đăng ký hộ kinh doanh',
  createdAt: new Date('2026-12-02T03:00:00Z'),
  expiresAt: new Date('2026-12-02T03:15:00Z'),
  ...overrides,
});

describe(payGovPaymentRequest.name, () => {
  it('posts the order with our callback and return URLs, Vietnam timestamps and a signature over the rest', () => {
    const request = payGovPaymentRequest(config, SECRET, order());
    const { signature, ...fields } = request.body;
    expect(request).toMatchObject({ method: 'POST', url: 'https://paygov.example.gov.vn/api/payments' });
    expect(fields).toEqual({
      merchantCode: 'UBND-BD',
      orderReference: 'HS000123',
      amount: '205000',
      currency: 'VND',
      dossierCode: '000.00.01.H26-261202-0001',
      agencyCode: '000.00.01.H26',
      description: 'Lệ phí đăng ký hộ kinh doanh',
      callbackUrl: 'https://payment.example.gov.vn/paygov/callback',
      returnUrl: 'https://dichvucong.example.gov.vn/ket-qua',
      createdAt: '20261202100000',
      expiresAt: '20261202101500',
    });
    expect(payGovSignatureValid(request.body, SECRET)).toBe(true);
    expect(signature).toBe(payGovSign(fields, SECRET));
  });

  it.each([
    ['a fractional amount', { amountVnd: 205_000.5 }],
    ['a zero amount', { amountVnd: 0 }],
    ['a reference banks would not carry', { orderReference: 'hs-1' }],
    ['an expiry before creation', { expiresAt: new Date('2026-12-02T02:59:59Z') }],
  ])('refuses %s', (_case, overrides: Partial<PayGovPaymentOrder>) => {
    expect(() => payGovPaymentRequest(config, SECRET, order(overrides))).toThrow(RangeError);
  });
});

describe(verifyPayGovCallback.name, () => {
  const signed = (fields: Record<string, string>): Record<string, string> => ({ ...fields, signature: payGovSign(fields, SECRET) });
  const result = { merchantCode: 'UBND-BD', orderReference: 'HS000123', amount: '205000', status: 'success', transactionId: 'PG-26120200001', paidAt: '20261202100507' };

  it('reads a signed success, with the time in Vietnam', () => {
    expect(verifyPayGovCallback(config, SECRET, signed(result))).toEqual({ ok: true, orderReference: 'HS000123', amountVnd: 205_000, status: 'paid', gatewayRef: 'PG-26120200001', paidAt: new Date('2026-12-02T03:05:07Z') });
  });

  it('reads a signed failure', () => {
    expect(verifyPayGovCallback(config, SECRET, signed({ ...result, status: 'failed' }))).toMatchObject({ ok: true, status: 'failed' });
  });

  it.each<[string, Record<string, string>, PayGovCallbackRejection]>([
    ['an amount changed after signing', { ...signed(result), amount: '1' }, PayGovCallbackRejection.BadSignature],
    ['a callback signed with another key', { ...result, signature: payGovSign(result, 'other') }, PayGovCallbackRejection.BadSignature],
    ['an unsigned callback', result, PayGovCallbackRejection.BadSignature],
    ['a result for another merchant', signed({ ...result, merchantCode: 'OTHER' }), PayGovCallbackRejection.WrongMerchant],
    ['a decimal amount', signed({ ...result, amount: '205000.00' }), PayGovCallbackRejection.Malformed],
    ['an unknown status', signed({ ...result, status: 'pending' }), PayGovCallbackRejection.Malformed],
    ['no transaction id', signed({ ...result, transactionId: '' }), PayGovCallbackRejection.Malformed],
    ['an impossible time', signed({ ...result, paidAt: '20261232100507' }), PayGovCallbackRejection.Malformed],
  ])('refuses %s', (_case, fields, reason) => {
    expect(verifyPayGovCallback(config, SECRET, fields)).toEqual({ ok: false, reason });
  });
});

describe(vietnamTimestamp.name, () => {
  it('is UTC+7', () => {
    expect(vietnamTimestamp(new Date('2026-12-31T17:00:00Z'))).toBe('20270101000000');
  });
});
