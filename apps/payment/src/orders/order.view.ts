import type { OrderStatus } from './order-state-machine';
import type { PaymentChannel, PaymentOrder } from './payment-order.entity';

/** An order as its citizen and the agency's officers see it; amounts are whole đồng. */
export interface OrderView {
  readonly id: string;
  readonly dossierId: string;
  readonly agencyCode: string;
  readonly procedureCode: string;
  readonly feeCode: string;
  readonly amountVnd: number;
  readonly channel: PaymentChannel;
  readonly status: OrderStatus;
  readonly gateway: string | null;
  readonly createdAt: string;
  readonly statusChangedAt: string;
  readonly paidAt: string | null;
}

export function orderView(order: PaymentOrder): OrderView {
  return {
    id: order.id,
    dossierId: order.dossierId,
    agencyCode: order.agencyCode,
    procedureCode: order.procedureCode,
    feeCode: order.feeCode,
    amountVnd: order.amountVnd,
    channel: order.channel,
    status: order.status,
    gateway: order.gateway,
    createdAt: order.createdAt.toISOString(),
    statusChangedAt: order.statusChangedAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
  };
}
