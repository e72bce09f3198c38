import { Ctx, Payload } from '@nestjs/microservices';
import {
  DocumentReused,
  DocumentReusedV1,
  DossierApologyIssued,
  DossierApologyIssuedV1,
  DossierStatusChanged,
  DossierStatusChangedV1,
  GoverningBodyChanged,
  GoverningBodyChangedV1,
  PaymentCompleted,
  PaymentCompletedV1,
  PaymentRefunded,
  PaymentRefundedV1,
  PaymentRequested,
  PaymentRequestedV1,
} from '@app/contracts';
import { assertSignedByAgency, EventHandlers, OnEvent, TransientEventError, UnrecoverableEventError, type EventContext } from '@app/messaging';
import { AgencyName } from '../agencies/agency-name.entity';
import { NotificationPlanner, type Trigger } from '../messages/notification-planner';
import { NotificationSettings } from '../notification-settings';
import type { TemplateKey } from '../templates/catalog';
import { DossierRecords, dossierLabel } from './dossier-records';
import type { DossierRecord } from './dossier-record.entity';

/** Which lifecycle moves tell the citizen something, and with which template. */
const CITIZEN_TEMPLATE_OF_STATE: Partial<Record<DossierStatusChangedV1['to'], TemplateKey>> = {
  received: 'dossier-received',
  supplement_requested: 'supplement-requested',
  refused: 'dossier-refused',
  result_issued: 'result-ready',
  result_delivered: 'result-delivered',
};

/**
 * The events that notify, each turned into triggers for the planner in the consumer's
 * transaction. Producers are checked: an intake speaks only for its agency, payment outcomes
 * come from the payment service, the directory from the vault.
 */
@EventHandlers()
export class NotificationEventsHandlers {
  constructor(
    private readonly planner: NotificationPlanner,
    private readonly dossiers: DossierRecords,
    private readonly settings: NotificationSettings,
  ) {}

  @OnEvent(DossierStatusChanged)
  async onStatusChanged(@Payload() event: DossierStatusChangedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    const record = await this.dossiers.record(ctx.manager, event);
    const common = this.dossierParams(record);
    const base = { agencyCode: event.agencyCode, dossierId: event.dossierId, occurredAt: new Date(event.at) };
    if (event.to === 'submitted') {
      await this.planner.plan(ctx.manager, {
        ...base,
        key: `event:${ctx.event.id}`,
        template: 'officer-new-dossier',
        recipient: { kind: 'agency', agencyCode: event.agencyCode },
        params: { dossierLabel: common.dossierLabel, procedureCode: event.procedureCode, submittedAt: event.at, deskLink: this.settings.link(`/desk/dossiers/${event.dossierId}`) },
      });
      return;
    }
    const template = CITIZEN_TEMPLATE_OF_STATE[event.to];
    if (!template) return;
    const citizen = { kind: 'citizen', citizenRef: event.citizenRef } as const;
    const params: Record<string, unknown> = { ...common };
    if (template === 'dossier-received') params.appointmentDate = event.appointmentDate;
    if (template === 'supplement-requested') params.missing = event.reason ?? '';
    if (template === 'dossier-refused') params.reason = event.reason ?? '';
    if (template === 'result-ready') params.returnChannel = event.returnChannel ?? 'in_person';
    await this.planner.plan(ctx.manager, { ...base, key: `event:${ctx.event.id}`, template, recipient: citizen, params });
    // Circular 32/2017: citizens rate level 3 and 4 services once the result is in their hands.
    if (event.to === 'result_delivered' && (event.serviceLevel ?? 0) >= 3) {
      await this.planner.plan(ctx.manager, {
        ...base,
        key: `event:${ctx.event.id}:rating`,
        template: 'rating-invitation',
        recipient: citizen,
        params: { ...common, ratingLink: this.settings.link(`/dossiers/${event.dossierId}/rating`) },
      });
    }
  }

  @OnEvent(DossierApologyIssued)
  async onApology(@Payload() event: DossierApologyIssuedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    await this.dossiers.reschedule(ctx.manager, event.dossierId, event.newAppointmentDate);
    await this.planner.plan(ctx.manager, {
      key: `event:${ctx.event.id}`,
      template: 'dossier-overdue',
      recipient: { kind: 'citizen', citizenRef: event.citizenRef },
      agencyCode: event.agencyCode,
      dossierId: event.dossierId,
      occurredAt: new Date(event.issuedAt),
      params: {
        dossierLabel: event.dossierCode,
        dossierLink: this.settings.link(`/dossiers/${event.dossierId}`),
        previousAppointmentDate: event.previousAppointmentDate,
        newAppointmentDate: event.newAppointmentDate,
      },
    });
  }

  @OnEvent(PaymentRequested)
  async onPaymentRequested(@Payload() event: PaymentRequestedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    const record = await this.knownDossier(ctx, event);
    const online = event.channel === 'online';
    await this.planner.plan(ctx.manager, {
      key: `event:${ctx.event.id}`,
      template: online ? 'payment-requested-online' : 'payment-requested-desk',
      recipient: { kind: 'citizen', citizenRef: record.citizenRef },
      agencyCode: event.agencyCode,
      dossierId: event.dossierId,
      occurredAt: new Date(event.requestedAt),
      params: {
        ...this.dossierParams(record),
        amountVnd: event.amountVnd,
        ...(online ? { payLink: this.settings.link(`/dossiers/${event.dossierId}/payment`) } : {}),
      },
    });
  }

  @OnEvent(PaymentCompleted)
  async onPaymentCompleted(@Payload() event: PaymentCompletedV1, @Ctx() ctx: EventContext): Promise<void> {
    const record = await this.paymentDossier(ctx, event);
    await this.planner.plan(ctx.manager, this.paymentTrigger(ctx, record, 'payment-completed', new Date(event.paidAt), { amountVnd: event.amountVnd, paidAt: event.paidAt }));
  }

  @OnEvent(PaymentRefunded)
  async onPaymentRefunded(@Payload() event: PaymentRefundedV1, @Ctx() ctx: EventContext): Promise<void> {
    const record = await this.paymentDossier(ctx, event);
    await this.planner.plan(ctx.manager, this.paymentTrigger(ctx, record, 'payment-refunded', new Date(event.refundedAt), { amountVnd: event.amountVnd, refundedAt: event.refundedAt }));
  }

  @OnEvent(DocumentReused)
  async onDocumentReused(@Payload() event: DocumentReusedV1, @Ctx() ctx: EventContext): Promise<void> {
    assertSignedByAgency(ctx.event.source, event.agencyCode);
    const record = await this.dossiers.find(ctx.manager, event.dossierId);
    // One alert per dossier and moment, not per document: a dossier opened with two documents
    // reused sends two events, and the alert (which names the agency and dossier, not the
    // document) would otherwise reach the citizen twice, word for word.
    await this.planner.plan(ctx.manager, {
      key: `access-alert:${event.dossierId}:${event.reusedAt}`,
      template: 'document-access-alert',
      recipient: { kind: 'citizen', citizenRef: event.citizenRef },
      agencyCode: event.agencyCode,
      dossierId: event.dossierId,
      accessAlert: true,
      occurredAt: new Date(event.reusedAt),
      params: { ...this.dossierParams(record ?? { dossierId: event.dossierId, dossierCode: null }), at: event.reusedAt },
    });
  }

  @OnEvent(GoverningBodyChanged)
  async onDirectoryChanged(@Payload() event: GoverningBodyChangedV1, @Ctx() ctx: EventContext): Promise<void> {
    if (ctx.event.source !== '/vault') throw new UnrecoverableEventError(`${ctx.event.source} may not publish the directory`);
    if (event.agencies.length > 0) await ctx.manager.upsert(AgencyName, event.agencies.map((agency) => ({ agencyCode: agency.code, nameVi: agency.nameVi, nameEn: agency.nameEn })), ['agencyCode']);
  }

  private async paymentDossier(ctx: EventContext, event: { dossierId: string; agencyCode: string }): Promise<DossierRecord> {
    if (ctx.event.source !== '/payment') throw new UnrecoverableEventError(`${ctx.event.source} may not report payments`);
    return this.knownDossier(ctx, event);
  }

  /** A dossier a fee is about: received, so the lifecycle has told us whose it is and its code before any fee was asked. */
  private async knownDossier(ctx: EventContext, event: { dossierId: string; agencyCode: string }): Promise<DossierRecord> {
    const record = await this.dossiers.find(ctx.manager, event.dossierId);
    // Its lifecycle events are on another topic and may still be on their way.
    if (!record) throw new TransientEventError(`dossier ${event.dossierId} is not known yet`);
    if (record.agencyCode !== event.agencyCode) throw new UnrecoverableEventError(`dossier ${event.dossierId} is at ${record.agencyCode}, not ${event.agencyCode}`);
    return record;
  }

  private paymentTrigger(ctx: EventContext, record: DossierRecord, template: TemplateKey, occurredAt: Date, params: Record<string, unknown>): Trigger {
    return {
      key: `event:${ctx.event.id}`,
      template,
      recipient: { kind: 'citizen', citizenRef: record.citizenRef },
      agencyCode: record.agencyCode,
      dossierId: record.dossierId,
      occurredAt,
      params: { ...this.dossierParams(record), ...params },
    };
  }

  private dossierParams(record: Pick<DossierRecord, 'dossierId' | 'dossierCode'>): { dossierLabel: string; dossierLink: string } {
    return { dossierLabel: dossierLabel(record.dossierId, record.dossierCode), dossierLink: this.settings.link(`/dossiers/${record.dossierId}`) };
  }
}
