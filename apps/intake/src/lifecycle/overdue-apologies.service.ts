import { HttpStatus, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DossierApologyIssued, DossierApologyIssuedV1 } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { ApiError, type Principal } from '@app/platform';
import { vietnamDate } from '../calendar/working-calendar';
import { asOfficerOf, dossierNotFound } from '../dossiers/dossier-access';
import { Dossier, type DossierStatus } from '../dossiers/dossier.entity';
import { IntakeSettings } from '../intake-settings';
import { AppointmentClock } from './appointment-clock';
import { DossierApology } from './dossier-apology.entity';
import { LifecycleErrorCode } from './lifecycle-error-code';

/** States in which the agency's clock runs: a supplement request stops it, a decision ends it. */
const CLOCK_RUNNING: readonly DossierStatus[] = ['received', 'resubmitted', 'in_processing', 'awaiting_payment'];
const BATCH_SIZE = 100;
const AUTOMATIC_REASON = 'Hồ sơ chưa được giải quyết đúng hạn. Cơ quan xin lỗi ông/bà và hẹn lại ngày trả kết quả.';

/**
 * A dossier past its appointment gets a written apology with a new date. The sweep finds them
 * (several replicas split the work with SKIP LOCKED); an officer may also apologise with a date
 * of their own. Each apology is a row, a new appointment and an event, in one transaction.
 */
@Injectable()
export class OverdueApologies implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OverdueApologies.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly clock: AppointmentClock,
    private readonly outbox: OutboxWriter,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.apologySweepIntervalMs === 0) return;
    this.timer = setInterval(() => this.trigger(), this.settings.apologySweepIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Apologises for every dossier overdue at `now`; returns how many. */
  async issueDue(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const issued = await this.dataSource.transaction(async (manager) => {
        const overdue = await manager
          .createQueryBuilder(Dossier, 'dossier')
          .where('dossier.status IN (:...running)', { running: CLOCK_RUNNING })
          .andWhere('dossier.appointmentDate < :today', { today: vietnamDate(now) })
          .orderBy('dossier.appointmentDate')
          .limit(BATCH_SIZE)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        for (const dossier of overdue) {
          await this.apologise(manager, dossier, this.clock.appointment(now, this.settings.apologyExtensionWorkingDays), AUTOMATIC_REASON, now);
        }
        return overdue.length;
      });
      total += issued;
      if (issued < BATCH_SIZE) return total;
    }
  }

  /** An officer's apology, with the reason and (optionally) the new date they promise. */
  async issue(principal: Principal, id: string, reason: string, newAppointmentDate: string | undefined, now = new Date()): Promise<DossierApology> {
    asOfficerOf(principal, this.settings.agencyCode);
    return this.dataSource.transaction(async (manager) => {
      const dossier = await manager.findOne(Dossier, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!dossier) throw dossierNotFound(id);
      if (!CLOCK_RUNNING.includes(dossier.status) || dossier.appointmentDate === null || !this.clock.isOverdue(now, dossier.appointmentDate)) {
        throw new ApiError(HttpStatus.CONFLICT, LifecycleErrorCode.NotOverdue, `Dossier ${id} is not past its appointment${dossier.appointmentDate ? ` (${dossier.appointmentDate})` : ''}: there is nothing to apologise for.`);
      }
      const date = newAppointmentDate ?? this.clock.appointment(now, this.settings.apologyExtensionWorkingDays);
      this.clock.assertFutureWorkingDay(now, date);
      return this.apologise(manager, dossier, date, reason, now);
    });
  }

  latest(manager: EntityManager, dossierId: string): Promise<DossierApology | null> {
    return manager.findOne(DossierApology, { where: { dossierId }, order: { issuedAt: 'DESC' } });
  }

  private async apologise(manager: EntityManager, dossier: Dossier, newAppointmentDate: string, reason: string, now: Date): Promise<DossierApology> {
    const apology = manager.create(DossierApology, {
      id: randomUUID(),
      dossierId: dossier.id,
      previousAppointmentDate: dossier.appointmentDate!,
      newAppointmentDate,
      reason,
      issuedAt: now,
    });
    await manager.insert(DossierApology, apology);
    await manager.update(Dossier, { id: dossier.id }, { appointmentDate: newAppointmentDate });
    await this.outbox.append(
      manager,
      DossierApologyIssued,
      Object.assign(new DossierApologyIssuedV1(), {
        dossierId: dossier.id,
        agencyCode: this.settings.agencyCode,
        citizenRef: dossier.citizenRef,
        dossierCode: dossier.dossierCode!,
        previousAppointmentDate: apology.previousAppointmentDate,
        newAppointmentDate,
        issuedAt: now.toISOString(),
      }),
    );
    this.logger.log(`Dossier ${dossier.id} overdue since ${apology.previousAppointmentDate}: apology issued, new appointment ${newAppointmentDate}`);
    return apology;
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.issueDue()
      .catch((error: unknown) => this.logger.warn(`Apology sweep failed, will retry: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
