import { HttpStatus, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PaymentRefundRequested, PaymentRefundRequestedV1 } from '@app/contracts';
import { assertSignedByAgency, EventHandlers, OnEvent, UnrecoverableEventError, type EventContext } from '@app/messaging';
import { ApiError } from '@app/platform';
import { OrderRepository } from '../orders/order.repository';
import { Refunds } from './refunds.service';

/**
 * An intake asks for a rejected dossier's fee back. The refund is keyed by this event's id, so
 * a redelivery (even after a crash between the gateway's answer and the inbox record) finds
 * the refund it made and changes nothing. An unreachable gateway is thrown as retryable: the
 * next delivery resumes the same pending refund.
 */
@EventHandlers()
export class RefundRequestsHandlers {
  private readonly logger = new Logger(RefundRequestsHandlers.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly refunds: Refunds,
  ) {}

  @OnEvent(PaymentRefundRequested)
  async onRefundRequested(@Payload() event: PaymentRefundRequestedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    if (!Number.isSafeInteger(event.amountVnd)) throw new UnrecoverableEventError(`a refund of ${event.amountVnd} VND is not a whole number of đồng`);
    const order = await this.orders.findByDossierFee(ctx.manager, event.dossierId, event.feeCode);
    if (!order || order.agencyCode !== event.agencyCode) throw new UnrecoverableEventError(`dossier ${event.dossierId} has no order for fee ${event.feeCode} to refund`);
    try {
      const refund = await this.refunds.refund({ orderId: order.id, amountVnd: event.amountVnd, reason: `dossier ${event.reason}`, requestedBy: ctx.event.source, requestEventId: ctx.event.id });
      this.logger.log(`Refund ${refund.id} of order ${order.id} (${refund.amountVnd} VND) for request ${ctx.event.id}: ${refund.state}`);
    } catch (error) {
      // Refused for good (not paid, over the amount, refused by the gateway): an operator must look; unavailable: retried.
      if (error instanceof ApiError && error.status !== HttpStatus.SERVICE_UNAVAILABLE) throw new UnrecoverableEventError(`refund request ${ctx.event.id}: ${error.message}`);
      throw error;
    }
  }
}
