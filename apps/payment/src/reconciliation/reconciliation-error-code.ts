/** Codes the reconciliation and report routes answer with. */
export enum ReconciliationErrorCode {
  NotFound = 'RECONCILIATION_NOT_FOUND',
  /** The gateway did not hand over its file (down, refused our token): try again later. */
  SettlementFileUnavailable = 'SETTLEMENT_FILE_UNAVAILABLE',
  /** The gateway's file breaks the format; `details.problems` lists every bad line. Nothing is stored. */
  SettlementFileInvalid = 'SETTLEMENT_FILE_INVALID',
  InvalidRange = 'INVALID_REPORT_RANGE',
}
