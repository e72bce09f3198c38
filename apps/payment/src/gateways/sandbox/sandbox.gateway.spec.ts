import { PaymentOrder } from '../../orders/payment-order.entity';
import { SandboxGateway, vnpayTime } from './sandbox.gateway';
import { vnpaySign, vnpaySignatureValid } from './vnpay-signature';

const SETTINGS = { url: 'http://sandbox.test', tmnCode: 'ONCEONLY', hashSecret: 'sandbox-secret-0123456789' };

function order(amountVnd: number): PaymentOrder {
  return Object.assign(new PaymentOrder(), { id: '6f1c0d6e-8d3b-4c59-9a7c-1b2a3c4d5e6f', dossierId: '0b7e1f7a-1c1d-4d4e-8f8f-2a2b2c2d2e2f', feeCode: 'DOSSIER', amountVnd, statusChangedAt: new Date() });
}

function ipn(fields: Record<string, string>): Record<string, string> {
  const params = { vnp_TmnCode: 'ONCEONLY', vnp_TxnRef: order(1).id, vnp_Amount: '15000000', vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TransactionNo: '42', ...fields };
  return { ...params, vnp_SecureHash: vnpaySign(params, SETTINGS.hashSecret) };
}

describe(SandboxGateway.name, () => {
  const gateway = new SandboxGateway(SETTINGS, 'https://thanhtoan.example.gov.vn');

  it('signs a payment URL carrying đồng × 100, the return URL and the expiry in Vietnam time', () => {
    const url = new URL(gateway.checkout(order(150_000), new Date('2026-12-02T05:00:00Z')).redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe('http://sandbox.test/paymentv2/vpcpay.html');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ vnp_Amount: '15000000', vnp_CurrCode: 'VND', vnp_TmnCode: 'ONCEONLY', vnp_ExpireDate: '20261202120000', vnp_ReturnUrl: 'https://thanhtoan.example.gov.vn/gateways/sandbox/return' });
    expect(vnpaySignatureValid(params, SETTINGS.hashSecret)).toBe(true);
    // Even the largest safe amount converts exactly, though × 100 would leave the safe range.
    expect(new URL(gateway.checkout(order(Number.MAX_SAFE_INTEGER), new Date()).redirectUrl).searchParams.get('vnp_Amount')).toBe('900719925474099100');
    expect(gateway.verifyCallback(ipn({ vnp_Amount: '900719925474099100' }))).toMatchObject({ amountVnd: Number.MAX_SAFE_INTEGER });
  });

  it.each([
    [{}, { status: 'paid', amountVnd: 150_000 }],
    [{ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' }, { status: 'cancelled' }],
    [{ vnp_ResponseCode: '51', vnp_TransactionStatus: '02' }, { status: 'failed' }],
    [{ vnp_Amount: '15000050' }, { amountVnd: Number.NaN }],
    [{ vnp_Amount: '-15000000' }, { amountVnd: Number.NaN }],
  ])('reads an authentic IPN %j as %j', (fields, verdict) => {
    expect(gateway.verifyCallback(ipn(fields))).toMatchObject({ authentic: true, currency: 'VND', transactionNo: '42', ...verdict });
  });

  it('calls an IPN for another merchant, or with a bad hash, a forgery', () => {
    expect(gateway.verifyCallback(ipn({ vnp_TmnCode: 'SOMEONE' }))).toEqual({ authentic: false });
    expect(gateway.verifyCallback({ ...ipn({}), vnp_Amount: '1500000000' })).toEqual({ authentic: false });
  });

  it('writes VNPay dates as yyyyMMddHHmmss at GMT+7', () => {
    expect(vnpayTime(new Date('2026-12-31T17:30:05Z'))).toBe('20270101003005');
  });
});
