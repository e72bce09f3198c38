/** A credit to the agency's account as the bank reports it, with the reference already read from the description. */
export interface BankCredit {
  reference: string;
  amountVnd: number;
  bankTransactionId?: string;
  creditedAt?: Date;
}

export interface OrderAwaitingTransfer {
  id: string;
  amountVnd: number;
  paid: boolean;
}

export type BankCreditMatch = { kind: 'matched'; orderId: string } | { kind: 'held'; reason: 'wrong_amount' | 'unknown_reference' | 'already_paid'; orderId?: string };

/**
 * Matches a bank transfer to the order its reference names. Anything but the exact amount
 * for an unpaid order is held for an officer: accepting an underpayment would issue a
 * receipt for money not received, and an overpayment or a second transfer is a refund to
 * decide by hand, never an automatic state change.
 */
export function matchBankCredit(credit: BankCredit, orderByReference: (reference: string) => OrderAwaitingTransfer | undefined): BankCreditMatch {
  const order = orderByReference(credit.reference.trim().toUpperCase());
  if (!order) return { kind: 'held', reason: 'unknown_reference' };
  if (order.paid) return { kind: 'held', reason: 'already_paid', orderId: order.id };
  if (!Number.isSafeInteger(credit.amountVnd) || credit.amountVnd !== order.amountVnd) return { kind: 'held', reason: 'wrong_amount', orderId: order.id };
  return { kind: 'matched', orderId: order.id };
}
