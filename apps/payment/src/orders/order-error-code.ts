/** Codes the order routes answer with. */
export enum OrderErrorCode {
  OrderNotFound = 'ORDER_NOT_FOUND',
  IllegalOrderTransition = 'ILLEGAL_ORDER_TRANSITION',
  NotPayableOnline = 'ORDER_NOT_PAYABLE_ONLINE',
}
