import { Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PaymentCompleted, PaymentCompletedV1, PaymentFailed, PaymentFailedV1 } from '@app/contracts';
import { EventHandlers, OnEvent, UnrecoverableEventError, type EventContext } from '@app/messaging';
import { Dossier } from '../dossiers/dossier.entity';
import { IntakeSettings } from '../intake-settings';
import { DossierLifecycle, PLATFORM_ACTOR } from './dossier-lifecycle.service';

/** Only the payment service speaks about payments, whoever else may sign events on the platform. */
const PAYMENT_SOURCE = '/payment';

/**
 * Payment outcomes for this desk's dossiers. The outcome topic carries every agency's, so
 * another desk's are skipped. A payment this desk cannot square with the dossier (another
 * amount, an online payment at level 3, a dossier no longer waiting) is dead-lettered for an
 * operator, never half applied: refunds are the payment service's to make.
 */
@EventHandlers()
export class PaymentOutcomeHandlers {
  private readonly logger = new Logger(PaymentOutcomeHandlers.name);

  constructor(
    private readonly settings: IntakeSettings,
    private readonly lifecycle: DossierLifecycle,
  ) {}

  @OnEvent(PaymentCompleted)
  async onCompleted(@Payload() event: PaymentCompletedV1, @Ctx() ctx: EventContext): Promise<void> {
    if (!this.isOurs(event.agencyCode, ctx)) return;
    const dossier = await ctx.manager.findOne(Dossier, { where: { id: event.dossierId }, lock: { mode: 'pessimistic_write' } });
    if (!dossier) throw new UnrecoverableEventError(`payment ${event.orderId} is for dossier ${event.dossierId}, which this desk does not hold`);
    if (dossier.paidAt !== null) {
      this.logger.warn(`Dossier ${dossier.id} was already paid; payment ${event.orderId} changes nothing here`);
      return;
    }
    if (dossier.procedureLevel !== 4 && event.channel === 'online') {
      throw new UnrecoverableEventError(`dossier ${dossier.id} is a level ${dossier.procedureLevel} dossier: it takes no online payment (order ${event.orderId})`);
    }
    if (event.amountVnd !== dossier.feeVnd) {
      throw new UnrecoverableEventError(`payment ${event.orderId} of ${event.amountVnd} VND does not match dossier ${dossier.id}'s fee of ${dossier.feeVnd} VND`);
    }
    if (dossier.status !== 'awaiting_payment') {
      throw new UnrecoverableEventError(`dossier ${dossier.id} is ${dossier.status}, not awaiting payment: payment ${event.orderId} needs an operator`);
    }
    const paidAt = new Date(event.paidAt);
    await this.lifecycle.move(ctx.manager, dossier, 'complete_payment', PLATFORM_ACTOR, {
      changes: { paidAt, paymentChannel: event.channel },
      reason: `paid ${event.channel === 'online' ? 'online' : event.channel === 'post' ? 'by post' : 'in person'}, order ${event.orderId}`,
    });
    this.logger.log(`Dossier ${dossier.id} paid (order ${event.orderId}): back in processing for the decision`);
  }

  /** A failed attempt changes nothing: the dossier keeps waiting, and the citizen may pay again. */
  @OnEvent(PaymentFailed)
  onFailed(@Payload() event: PaymentFailedV1, @Ctx() ctx: EventContext): void {
    if (!this.isOurs(event.agencyCode, ctx)) return;
    this.logger.log(`Payment ${event.orderId} for dossier ${event.dossierId} ${event.outcome}; the dossier keeps waiting for payment`);
  }

  private isOurs(agencyCode: string, ctx: EventContext): boolean {
    if (ctx.event.source !== PAYMENT_SOURCE) throw new UnrecoverableEventError(`a payment outcome from ${ctx.event.source}: only ${PAYMENT_SOURCE} reports payments`);
    return agencyCode === this.settings.agencyCode;
  }
}
