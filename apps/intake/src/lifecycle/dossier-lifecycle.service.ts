import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DossierStatusChanged, DossierStatusChangedV1 } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { ApiError } from '@app/platform';
import { Dossier } from '../dossiers/dossier.entity';
import { IntakeSettings } from '../intake-settings';
import { assertMove, IllegalTransitionError, type ActorRole, type DossierAction } from './dossier-state-machine';
import { DossierTransition } from './dossier-transition.entity';
import { LifecycleErrorCode } from './lifecycle-error-code';

export interface Actor {
  readonly role: ActorRole;
  /** The identity provider's subject; null when the platform acts (a payment outcome, an online delivery). */
  readonly subject: string | null;
}

export const PLATFORM_ACTOR: Actor = { role: 'system', subject: null };

/** Dossier columns a move may set together with the status (reception data, payment, …). */
export type DossierChanges = Partial<Omit<Dossier, 'id' | 'status' | 'statusChangedAt'>>;

/**
 * The only way a dossier changes state. Each move is checked against the state machine,
 * written to the dossier and its journal, and published, all in the caller's transaction:
 * the record of a move and its event cannot part. The caller holds the dossier's row lock.
 */
@Injectable()
export class DossierLifecycle {
  constructor(
    private readonly settings: IntakeSettings,
    private readonly outbox: OutboxWriter,
  ) {}

  async move(manager: EntityManager, dossier: Dossier, action: DossierAction, actor: Actor, options: { changes?: DossierChanges; reason?: string; at?: Date } = {}): Promise<Dossier> {
    const to = nextStatus(dossier, action, actor);
    const at = options.at ?? new Date();
    const moved: Dossier = { ...dossier, ...options.changes, status: to, statusChangedAt: at };
    await manager.update(Dossier, { id: dossier.id }, { ...options.changes, status: to, statusChangedAt: at });
    await manager.insert(DossierTransition, {
      dossierId: dossier.id,
      fromStatus: dossier.status,
      toStatus: to,
      actorRole: actor.role,
      actorSubject: actor.subject,
      reason: options.reason ?? null,
      at,
    });
    await this.outbox.append(
      manager,
      DossierStatusChanged,
      Object.assign(new DossierStatusChangedV1(), {
        dossierId: dossier.id,
        agencyCode: this.settings.agencyCode,
        procedureCode: dossier.procedureCode,
        citizenRef: dossier.citizenRef,
        from: dossier.status,
        to,
        actorRole: actor.role,
        ...(actor.role === 'officer' && actor.subject ? { officer: actor.subject } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
        ...(moved.dossierCode ? { dossierCode: moved.dossierCode } : {}),
        ...(moved.appointmentDate ? { appointmentDate: moved.appointmentDate } : {}),
        serviceLevel: dossier.procedureLevel as 1 | 2 | 3 | 4,
        ...(moved.returnChannel ? { returnChannel: moved.returnChannel } : {}),
        at: at.toISOString(),
      }),
    );
    Object.assign(dossier, moved);
    return dossier;
  }

  history(manager: EntityManager, dossierId: string): Promise<DossierTransition[]> {
    return manager.find(DossierTransition, { where: { dossierId }, order: { id: 'ASC' } });
  }
}

/** The state machine's verdict, as the 409 a client can act on. */
export function nextStatus(dossier: Dossier, action: DossierAction, actor: Actor) {
  try {
    return assertMove(dossier, action, actor.role);
  } catch (error) {
    if (!(error instanceof IllegalTransitionError)) throw error;
    throw new ApiError(HttpStatus.CONFLICT, LifecycleErrorCode.IllegalTransition, `Dossier ${dossier.id}: ${error.message}.`, { status: dossier.status, action });
  }
}
