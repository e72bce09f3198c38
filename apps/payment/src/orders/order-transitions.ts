import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PaymentCompleted, PaymentCompletedV1, PaymentFailed, PaymentFailedV1 } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { ApiError } from '@app/platform';
import { OrderErrorCode } from './order-error-code';
import { assertOrderMove, IllegalOrderTransitionError, isFailedOutcome, type OrderStatus } from './order-state-machine';
import { OrderTransition } from './order-transition.entity';
import { PaymentOrder } from './payment-order.entity';

/**
 * The only writer of an order's status. Each move is checked against the state machine,
 * journalled, and — when it settles the order — its outcome appended to the outbox, all
 * through the caller's transaction: an accepted IPN and its `PaymentCompleted` commit together
 * or not at all. Callers lock the order row first (`OrderRepository.lock`).
 */
@Injectable()
export class OrderTransitions {
  private readonly logger = new Logger(OrderTransitions.name);

  constructor(private readonly outbox: OutboxWriter) {}

  async move(manager: EntityManager, order: PaymentOrder, to: OrderStatus, cause: string, now: Date, changes: Partial<Pick<PaymentOrder, 'gateway' | 'gatewayTransactionNo' | 'deskReceiptNumber' | 'deskPaidBy' | 'channel'>> = {}): Promise<PaymentOrder> {
    try {
      assertOrderMove(order.status, to, order.channel);
    } catch (error) {
      if (error instanceof IllegalOrderTransitionError) throw new ApiError(HttpStatus.CONFLICT, OrderErrorCode.IllegalOrderTransition, `Order ${order.id}: ${error.message}.`);
      throw error;
    }
    const from = order.status;
    const paidAt = to === 'paid' ? now : order.paidAt;
    await manager.update(PaymentOrder, { id: order.id }, { status: to, statusChangedAt: now, paidAt, ...changes });
    await manager.insert(OrderTransition, { orderId: order.id, fromStatus: from, toStatus: to, cause: cause.slice(0, 500), at: now });
    Object.assign(order, { status: to, statusChangedAt: now, paidAt, ...changes });
    if (to === 'paid') {
      await this.outbox.append(
        manager,
        PaymentCompleted,
        Object.assign(new PaymentCompletedV1(), {
          orderId: order.id,
          dossierId: order.dossierId,
          agencyCode: order.agencyCode,
          feeCode: order.feeCode,
          amountVnd: order.amountVnd,
          channel: order.channel,
          paidAt: now.toISOString(),
        }),
      );
    } else if (isFailedOutcome(to)) {
      await this.outbox.append(
        manager,
        PaymentFailed,
        Object.assign(new PaymentFailedV1(), { orderId: order.id, dossierId: order.dossierId, agencyCode: order.agencyCode, feeCode: order.feeCode, outcome: to, at: now.toISOString() }),
      );
    }
    this.logger.log(`Order ${order.id} (dossier ${order.dossierId}, ${order.feeCode}) ${from} → ${to}: ${cause}`);
    return order;
  }
}
