import { randomInt } from 'node:crypto';
import { vnpaySign, vnpaySignatureValid } from './vnpay-signature';

/** What the refund API needs to know of a transaction: what was asked for and whether it was paid. */
export interface RefundableTransaction {
  readonly params: Readonly<Record<string, string>>;
  readonly transactionNo: string;
  readonly outcome?: 'paid' | 'cancelled';
}

export interface RefundApiOptions {
  readonly hashSecret: string;
  readonly tmnCode: string;
}

/**
 * VNPay's refund (`vnp_Command=refund` on `/merchant_webapi/api/transaction`): full (`02`) or
 * partial (`03`), repeated as often as wanted, the total never above what was paid (`03`,
 * invalid amount, otherwise). A request id seen before gets its first answer again, so a
 * merchant retrying after a lost answer never refunds twice. Answers are signed like queries.
 */
export function sandboxRefundApi(options: RefundApiOptions): (body: Readonly<Record<string, string>>, transaction: RefundableTransaction | undefined) => Record<string, string> {
  const refundedHundredths = new Map<string, bigint>();
  const answered = new Map<string, Record<string, string>>();

  return (body, transaction) => {
    const answer = (fields: Record<string, string>) => {
      const params = { vnp_ResponseId: body.vnp_RequestId ?? '', vnp_Command: 'refund', vnp_TmnCode: options.tmnCode, vnp_TxnRef: body.vnp_TxnRef ?? '', ...fields };
      return { ...params, vnp_SecureHash: vnpaySign(params, options.hashSecret) };
    };
    if (!vnpaySignatureValid(body, options.hashSecret) || body.vnp_TmnCode !== options.tmnCode) return answer({ vnp_ResponseCode: '97', vnp_Message: 'Invalid signature' });
    const requestId = body.vnp_RequestId ?? '';
    const previous = answered.get(requestId);
    if (previous) return previous;
    const amount = body.vnp_Amount ?? '';
    if (!/^[0-9a-zA-Z]{1,32}$/.test(requestId) || !/^[1-9]\d{0,17}00$/.test(amount) || !['02', '03'].includes(body.vnp_TransactionType ?? '')) {
      return answer({ vnp_ResponseCode: '03', vnp_Message: 'Invalid request' });
    }
    if (!transaction) return answer({ vnp_ResponseCode: '91', vnp_Message: 'Transaction not found' });
    if (transaction.outcome !== 'paid') return answer({ vnp_ResponseCode: '95', vnp_Message: 'Transaction was not paid' });
    const txnRef = transaction.params.vnp_TxnRef;
    const total = (refundedHundredths.get(txnRef) ?? 0n) + BigInt(amount);
    if (total > BigInt(transaction.params.vnp_Amount)) return remember(requestId, answer({ vnp_ResponseCode: '03', vnp_Message: 'Refund exceeds the amount paid' }));
    refundedHundredths.set(txnRef, total);
    return remember(
      requestId,
      answer({ vnp_ResponseCode: '00', vnp_Message: 'Refund success', vnp_Amount: amount, vnp_TransactionNo: String(randomInt(10_000_000, 99_999_999)), vnp_TransactionType: body.vnp_TransactionType }),
    );
  };

  function remember(requestId: string, response: Record<string, string>): Record<string, string> {
    answered.set(requestId, response);
    return response;
  }
}
