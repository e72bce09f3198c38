import { sandboxRefundApi, type RefundableTransaction } from './refund-api';
import { vnpaySign, vnpaySignatureValid } from './vnpay-signature';

const SECRET = 'refund-api-test-secret';
const paid: RefundableTransaction = { params: { vnp_TxnRef: 'order-1', vnp_Amount: '10000000' }, transactionNo: '12345678', outcome: 'paid' };

function request(fields: Record<string, string>, secret = SECRET): Record<string, string> {
  const params = { vnp_RequestId: 'r1', vnp_Command: 'refund', vnp_TmnCode: 'TMN', vnp_TxnRef: 'order-1', vnp_TransactionType: '03', vnp_Amount: '4000000', ...fields };
  return { ...params, vnp_SecureHash: vnpaySign(params, secret) };
}

describe(sandboxRefundApi.name, () => {
  it('refunds partly and repeatedly, never above what was paid, and signs its answers', () => {
    const refund = sandboxRefundApi({ hashSecret: SECRET, tmnCode: 'TMN' });
    const first = refund(request({ vnp_RequestId: 'r1' }), paid);
    expect(first).toMatchObject({ vnp_ResponseCode: '00', vnp_ResponseId: 'r1', vnp_Amount: '4000000', vnp_TransactionNo: expect.stringMatching(/^\d{8}$/) });
    expect(vnpaySignatureValid(first, SECRET)).toBe(true);
    expect(refund(request({ vnp_RequestId: 'r2' }), paid).vnp_ResponseCode).toBe('00');
    expect(refund(request({ vnp_RequestId: 'r3' }), paid)).toMatchObject({ vnp_ResponseCode: '03', vnp_Message: 'Refund exceeds the amount paid' });
    expect(refund(request({ vnp_RequestId: 'r4', vnp_Amount: '2000000' }), paid).vnp_ResponseCode).toBe('00');
    expect(refund(request({ vnp_RequestId: 'r5', vnp_Amount: '100' }), paid).vnp_ResponseCode).toBe('03');
  });

  it('answers a repeated request id with its first answer, refunding once', () => {
    const refund = sandboxRefundApi({ hashSecret: SECRET, tmnCode: 'TMN' });
    const first = refund(request({ vnp_Amount: '10000000', vnp_TransactionType: '02' }), paid);
    expect(refund(request({ vnp_Amount: '10000000', vnp_TransactionType: '02' }), paid)).toEqual(first);
    expect(refund(request({ vnp_RequestId: 'other', vnp_Amount: '100' }), paid).vnp_ResponseCode).toBe('03');
  });

  it('refuses a bad signature, an unknown or unpaid transaction and a malformed amount', () => {
    const refund = sandboxRefundApi({ hashSecret: SECRET, tmnCode: 'TMN' });
    expect(refund(request({}, 'another-secret'), paid).vnp_ResponseCode).toBe('97');
    expect(refund(request({ vnp_TmnCode: 'OTHER' }), paid).vnp_ResponseCode).toBe('97');
    expect(refund(request({ vnp_RequestId: 'a' }), undefined).vnp_ResponseCode).toBe('91');
    expect(refund(request({ vnp_RequestId: 'b' }), { ...paid, outcome: 'cancelled' }).vnp_ResponseCode).toBe('95');
    expect(refund(request({ vnp_RequestId: 'c', vnp_Amount: '4000050' }), paid).vnp_ResponseCode).toBe('03');
    expect(refund(request({ vnp_RequestId: 'd', vnp_TransactionType: '01' }), paid).vnp_ResponseCode).toBe('03');
  });
});
