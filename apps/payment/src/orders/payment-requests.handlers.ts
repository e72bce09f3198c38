import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PaymentRequested, PaymentRequestedV1 } from '@app/contracts';
import { assertSignedByAgency, EventHandlers, OnEvent, UnrecoverableEventError, type EventContext } from '@app/messaging';
import { OrderRepository } from './order.repository';
import { PaymentOrder } from './payment-order.entity';

/** Intakes ask for fees; each (dossier, fee) becomes one order, whatever the number of deliveries. */
@EventHandlers()
export class PaymentRequestsHandlers {
  private readonly logger = new Logger(PaymentRequestsHandlers.name);

  constructor(private readonly orders: OrderRepository) {}

  @OnEvent(PaymentRequested)
  async onRequested(@Payload() event: PaymentRequestedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    if (!Number.isSafeInteger(event.amountVnd)) throw new UnrecoverableEventError(`a fee of ${event.amountVnd} VND is not a whole number of đồng`);
    const now = new Date();
    const order = Object.assign(new PaymentOrder(), {
      id: randomUUID(),
      dossierId: event.dossierId,
      feeCode: event.feeCode,
      agencyCode: event.agencyCode,
      procedureCode: event.procedureCode,
      citizenRef: event.citizenRef,
      amountVnd: event.amountVnd,
      channel: event.channel,
      status: 'created',
      gateway: null,
      gatewayTransactionNo: null,
      requestedAt: new Date(event.requestedAt),
      createdAt: now,
      statusChangedAt: now,
      paidAt: null,
      refundedVnd: 0,
      deskReceiptNumber: null,
      deskPaidBy: null,
    } satisfies PaymentOrder);
    if (await this.orders.createOnce(ctx.manager, order, `requested by ${ctx.event.source} (event ${ctx.event.id})`)) {
      this.logger.log(`Order ${order.id} created: dossier ${order.dossierId}, fee ${order.feeCode}, ${order.amountVnd} VND`);
      return;
    }
    const existing = await this.orders.findByDossierFee(ctx.manager, event.dossierId, event.feeCode);
    // The same fee asked for again with other terms is a fault at the intake, not a new order.
    if (existing && (existing.amountVnd !== event.amountVnd || existing.agencyCode !== event.agencyCode || existing.citizenRef !== event.citizenRef)) {
      throw new UnrecoverableEventError(`dossier ${event.dossierId} fee ${event.feeCode} already has order ${existing.id} of ${existing.amountVnd} VND; a request of ${event.amountVnd} VND changes nothing`);
    }
    this.logger.log(`Dossier ${event.dossierId} fee ${event.feeCode} already has order ${existing?.id}: request ${ctx.event.id} changes nothing`);
  }
}
