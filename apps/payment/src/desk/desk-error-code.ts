/** Codes the desk payment route answers with. */
export enum DeskErrorCode {
  NotPayableAtDesk = 'ORDER_NOT_PAYABLE_AT_DESK',
  ReceiptNumberTaken = 'RECEIPT_NUMBER_TAKEN',
}
