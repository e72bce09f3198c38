import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PaymentRefundRequested, PaymentRefundRequestedV1, PaymentRequested, PaymentRequestedV1 } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { ApiError, type Principal } from '@app/platform';
import { vietnamDate } from '../calendar/working-calendar';
import { asOfficerOf, dossierNotFound, type OfficerPrincipal } from '../dossiers/dossier-access';
import { Dossier } from '../dossiers/dossier.entity';
import { DossierService } from '../dossiers/dossier.service';
import type { DossierView } from '../dossiers/dossier.view';
import { IntakeSettings } from '../intake-settings';
import { ProcedureCatalog } from '../procedures/procedure-catalog.service';
import { refundOnRejectionVnd } from '../procedures/procedure-rules';
import { AppointmentClock } from './appointment-clock';
import { allocateDossierCode } from './dossier-code';
import { DossierLifecycle, nextStatus, type Actor } from './dossier-lifecycle.service';
import type { DossierAction } from './dossier-state-machine';
import { LifecycleErrorCode } from './lifecycle-error-code';

/** The fee of a dossier is paid as one sum: one payment order per dossier. */
export const DOSSIER_FEE_CODE = 'DOSSIER';

/**
 * What the officers of this agency do to a dossier after the citizen submits it: receive or
 * refuse it, process it, decide, take payment at the desk and hand over the result. Each
 * step locks the dossier, checks the move first, and writes it through the lifecycle.
 */
@Injectable()
export class OfficerDesk {
  private readonly logger = new Logger(OfficerDesk.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly catalog: ProcedureCatalog,
    private readonly lifecycle: DossierLifecycle,
    private readonly clock: AppointmentClock,
    private readonly outbox: OutboxWriter,
    private readonly dossiers: DossierService,
  ) {}

  /** Reception: the national dossier code and the appointment, counted in working days from today. */
  receive(principal: Principal, id: string): Promise<DossierView> {
    return this.act(principal, id, 'receive', async (manager, dossier, actor, now) => {
      const { information } = await this.catalog.published(dossier.procedureCode, dossier.procedureVersion, manager);
      // The appointment first: a count the calendar cannot make must not use up a number.
      const appointmentDate = this.clock.appointment(now, information.processingWorkingDays);
      const dossierCode = await allocateDossierCode(manager, this.settings.agencyCode, vietnamDate(now));
      await this.lifecycle.move(manager, dossier, 'receive', actor, { changes: { dossierCode, receivedAt: now, appointmentDate }, at: now });
    });
  }

  refuse(principal: Principal, id: string, reason: string): Promise<DossierView> {
    return this.act(principal, id, 'refuse', (manager, dossier, actor, now) => this.lifecycle.move(manager, dossier, 'refuse', actor, { reason, at: now }));
  }

  startProcessing(principal: Principal, id: string): Promise<DossierView> {
    return this.act(principal, id, 'start_processing', (manager, dossier, actor, now) => this.lifecycle.move(manager, dossier, 'start_processing', actor, { at: now }));
  }

  /**
   * Asks for the dossier's fee before the decision, so that a rejection after payment can be
   * refunded. The payment service gets a request either way: at level 4 the citizen pays it
   * online, at level 3 at the desk or by post (Circular 32/2017 allows no online payment there).
   */
  requestPayment(principal: Principal, id: string): Promise<DossierView> {
    return this.act(principal, id, 'request_payment', async (manager, dossier, actor, now) => {
      if ((dossier.feeVnd ?? 0) === 0 || dossier.paidAt !== null) {
        throw new ApiError(HttpStatus.CONFLICT, LifecycleErrorCode.NoFeeDue, `Dossier ${id} owes no fee${dossier.paidAt ? ': it is paid' : ''}.`);
      }
      await this.lifecycle.move(manager, dossier, 'request_payment', actor, { at: now });
      await this.outbox.append(
        manager,
        PaymentRequested,
        Object.assign(new PaymentRequestedV1(), {
          dossierId: dossier.id,
          agencyCode: this.settings.agencyCode,
          procedureCode: dossier.procedureCode,
          citizenRef: dossier.citizenRef,
          feeCode: DOSSIER_FEE_CODE,
          amountVnd: dossier.feeVnd!,
          channel: dossier.procedureLevel === 4 ? 'online' : 'in_person',
          requestedAt: now.toISOString(),
        }),
      );
    });
  }

  /** The decision. A fee still owed must be paid first. */
  approve(principal: Principal, id: string): Promise<DossierView> {
    return this.act(principal, id, 'approve', async (manager, dossier, actor, now) => {
      if ((dossier.feeVnd ?? 0) > 0 && dossier.paidAt === null) {
        throw new ApiError(HttpStatus.CONFLICT, LifecycleErrorCode.FeeNotPaid, `Dossier ${id} owes its fee of ${dossier.feeVnd} VND: ask for it (POST /dossiers/${id}/payment-request) before approving.`);
      }
      await this.lifecycle.move(manager, dossier, 'approve', actor, { at: now });
    });
  }

  /** A rejection after payment asks the payment service to return what the procedure refunds. */
  reject(principal: Principal, id: string, reason: string): Promise<DossierView> {
    return this.act(principal, id, 'reject', async (manager, dossier, actor, now) => {
      await this.lifecycle.move(manager, dossier, 'reject', actor, { reason, at: now });
      if (dossier.paidAt === null) return;
      const { information } = await this.catalog.published(dossier.procedureCode, dossier.procedureVersion, manager);
      const amountVnd = refundOnRejectionVnd(information, dossier.formData ?? {});
      if (amountVnd === 0) return;
      await this.outbox.append(
        manager,
        PaymentRefundRequested,
        Object.assign(new PaymentRefundRequestedV1(), { dossierId: id, agencyCode: this.settings.agencyCode, feeCode: DOSSIER_FEE_CODE, amountVnd, reason: 'rejected', requestedAt: now.toISOString() }),
      );
    });
  }

  /** The result handed over in person or sent by post, as the citizen chose at submission. */
  deliver(principal: Principal, id: string): Promise<DossierView> {
    return this.act(principal, id, 'deliver_result', async (manager, dossier, actor, now) => {
      if (dossier.returnChannel === 'online') {
        throw new ApiError(HttpStatus.CONFLICT, LifecycleErrorCode.ReturnChannelNotOffered, `Dossier ${id} returns its result online: the platform delivers it, not the desk.`);
      }
      const reason = dossier.returnChannel === 'post' ? 'sent by post' : 'handed over in person';
      await this.lifecycle.move(manager, dossier, 'deliver_result', actor, { reason, at: now });
    });
  }

  /**
   * One officer step: lock, check the move (so nothing is allocated or published for an
   * illegal one), apply, and answer with the dossier as it now is.
   */
  private async act(
    principal: Principal,
    id: string,
    action: DossierAction,
    apply: (manager: EntityManager, dossier: Dossier, actor: Actor, now: Date) => Promise<unknown>,
  ): Promise<DossierView> {
    const officer = asOfficerOf(principal, this.settings.agencyCode);
    const actor = officerActor(officer);
    const view = await this.dataSource.transaction(async (manager) => {
      const dossier = await manager.findOne(Dossier, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!dossier) throw dossierNotFound(id);
      nextStatus(dossier, action, actor);
      await apply(manager, dossier, actor, new Date());
      return this.dossiers.view(manager, dossier);
    });
    this.logger.log(`Dossier ${id}: ${action.replace(/_/g, ' ')} by an officer, now ${view.status}`);
    return view;
  }
}

export function officerActor(officer: OfficerPrincipal): Actor {
  return { role: 'officer', subject: officer.subject };
}
