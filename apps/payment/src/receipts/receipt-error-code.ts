/** Codes the receipt route answers with. */
export enum ReceiptErrorCode {
  NotPaid = 'NOT_PAID',
}
