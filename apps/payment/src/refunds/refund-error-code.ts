/** Codes the refund routes answer with. */
export enum RefundErrorCode {
  ExceedsPaid = 'REFUND_EXCEEDS_PAID',
  NotRefundable = 'ORDER_NOT_REFUNDABLE',
  RefusedByGateway = 'REFUND_REFUSED_BY_GATEWAY',
  GatewayUnavailable = 'REFUND_GATEWAY_UNAVAILABLE',
}
