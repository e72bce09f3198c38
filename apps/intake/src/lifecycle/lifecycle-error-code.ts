/** Codes the lifecycle answers with: illegal moves and what the levels of Circular 32/2017 forbid. */
export enum LifecycleErrorCode {
  IllegalTransition = 'ILLEGAL_TRANSITION',
  CalendarNotPublished = 'CALENDAR_NOT_PUBLISHED',
  NotOverdue = 'NOT_OVERDUE',
  NotAWorkingDay = 'NOT_A_WORKING_DAY',
  ReturnChannelNotOffered = 'RETURN_CHANNEL_NOT_OFFERED',
  NoFeeDue = 'NO_FEE_DUE',
  FeeNotPaid = 'FEE_NOT_PAID',
  SupplementNotAnswered = 'SUPPLEMENT_NOT_ANSWERED',
  UnknownSlip = 'UNKNOWN_SLIP',
  SlipNotIssued = 'SLIP_NOT_ISSUED',
}
