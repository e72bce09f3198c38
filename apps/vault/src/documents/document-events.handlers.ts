import { Ctx, Payload } from '@nestjs/microservices';
import { DocumentProvided, DocumentProvidedV1, DocumentReused, DocumentReusedV1, DocumentVerified, DocumentVerifiedV1 } from '@app/contracts';
import { assertSignedByAgency, EventHandlers, OnEvent, type EventContext } from '@app/messaging';
import { DocumentVerificationService } from './document-verification.service';

/** What intakes report about documents, applied exactly once each (the consumer's inbox), each only from the agency it speaks for. */
@EventHandlers()
export class DocumentEventsHandlers {
  constructor(private readonly verification: DocumentVerificationService) {}

  /** The consumer checked the signature is the source's; here the source must also be the agency the payload names. */
  @OnEvent(DocumentVerified)
  async onVerified(@Payload() event: DocumentVerifiedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    await this.verification.applyVerification(ctx.manager, event, new Date(), { event: ctx.event, ...ctx.signed });
  }

  @OnEvent(DocumentProvided)
  async onProvided(@Payload() event: DocumentProvidedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    await this.verification.recordProvision(ctx.manager, event, ctx.event.id);
  }

  /** The acting intake is named by the event's CloudEvents source (e.g. `/intake-000.00.12.h26`). */
  @OnEvent(DocumentReused)
  async onReused(@Payload() event: DocumentReusedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    await this.verification.recordReuse(ctx.manager, event, ctx.event.source, ctx.event.id);
  }
}
