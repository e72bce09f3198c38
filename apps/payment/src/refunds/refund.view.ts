import type { Refund, RefundState } from './refund.entity';

/** A refund as the citizen and the agency's officers see it; amounts are whole đồng. */
export interface RefundView {
  readonly id: string;
  readonly orderId: string;
  readonly amountVnd: number;
  readonly reason: string;
  readonly state: RefundState;
  readonly gateway: string | null;
  readonly gatewayRef: string | null;
  readonly requestedAt: string;
  readonly settledAt: string | null;
}

export function refundView(refund: Refund): RefundView {
  return {
    id: refund.id,
    orderId: refund.orderId,
    amountVnd: refund.amountVnd,
    reason: refund.reason,
    state: refund.state,
    gateway: refund.gateway,
    gatewayRef: refund.gatewayRef,
    requestedAt: refund.requestedAt.toISOString(),
    settledAt: refund.settledAt?.toISOString() ?? null,
  };
}
