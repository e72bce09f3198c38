import { matchBankCredit, type OrderAwaitingTransfer } from './bank-credit-match';

const orders: Record<string, OrderAwaitingTransfer> = {
  HS000123: { id: 'order-1', amountVnd: 205_000, paid: false },
  HS000124: { id: 'order-2', amountVnd: 50_000, paid: true },
};
const lookup = (reference: string): OrderAwaitingTransfer | undefined => orders[reference];

describe(matchBankCredit.name, () => {
  it.each([
    ['the exact amount for an unpaid order', { reference: 'HS000123', amountVnd: 205_000 }, { kind: 'matched', orderId: 'order-1' }],
    ['a reference as the bank lower-cases and pads it', { reference: ' hs000123 ', amountVnd: 205_000 }, { kind: 'matched', orderId: 'order-1' }],
    ['one đồng short', { reference: 'HS000123', amountVnd: 204_999 }, { kind: 'held', reason: 'wrong_amount', orderId: 'order-1' }],
    ['one đồng over', { reference: 'HS000123', amountVnd: 205_001 }, { kind: 'held', reason: 'wrong_amount', orderId: 'order-1' }],
    ['a fractional amount', { reference: 'HS000123', amountVnd: 205_000.5 }, { kind: 'held', reason: 'wrong_amount', orderId: 'order-1' }],
    ['a reference no order has', { reference: 'HS999999', amountVnd: 205_000 }, { kind: 'held', reason: 'unknown_reference' }],
    ['a second transfer for a paid order', { reference: 'HS000124', amountVnd: 50_000 }, { kind: 'held', reason: 'already_paid', orderId: 'order-2' }],
    ['a wrong amount for a paid order, which is a refund question first', { reference: 'HS000124', amountVnd: 1 }, { kind: 'held', reason: 'already_paid', orderId: 'order-2' }],
  ])('%s', (_case, credit, expected) => {
    expect(matchBankCredit(credit, lookup)).toEqual(expected);
  });
});
