/** Codes the held-transfer routes answer with. */
export enum HeldTransferErrorCode {
  NotFound = 'HELD_TRANSFER_NOT_FOUND',
  AlreadyResolved = 'HELD_TRANSFER_RESOLVED',
  NotAcceptable = 'HELD_TRANSFER_NOT_ACCEPTABLE',
}
