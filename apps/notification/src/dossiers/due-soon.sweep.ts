import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VIETNAM_OFFSET_MS } from '@app/contracts';
import { PeriodicTask } from '@app/platform';
import { NotificationPlanner } from '../messages/notification-planner';
import { NotificationSettings } from '../notification-settings';
import { dossierLabel } from './dossier-records';
import { DossierRecord } from './dossier-record.entity';

const SWEEP_INTERVAL_MS = 10 * 60_000;
/** States in which the agency still owes the citizen a result. */
const OPEN_STATES = ['received', 'supplement_requested', 'resubmitted', 'in_processing', 'awaiting_payment', 'approved', 'rejected'];

/**
 * Tells an agency's desk about each open dossier due within DUE_SOON_HOURS, once per
 * appointment date: a new date (after an apology) warns again.
 */
@Injectable()
export class DueSoonSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task = new PeriodicTask('Due-soon sweep', new Logger(DueSoonSweep.name), () => this.sweep());

  constructor(
    private readonly dataSource: DataSource,
    private readonly planner: NotificationPlanner,
    private readonly settings: NotificationSettings,
  ) {}

  onApplicationBootstrap(): void {
    // Off with the dispatcher: tests that drive sends by hand sweep by hand too.
    this.task.start(this.settings.dispatchIntervalMs === 0 ? 0 : SWEEP_INTERVAL_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Returns how many new warnings were queued. */
  async sweep(now = new Date()): Promise<number> {
    // Appointment dates are Vietnamese calendar days: compare them in UTC+7.
    const horizon = new Date(now.getTime() + this.settings.dueSoonHours * 3_600_000 + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
    const due = await this.dataSource.manager
      .createQueryBuilder(DossierRecord, 'd')
      .where('d.status IN (:...open) AND d.appointmentDate IS NOT NULL AND d.appointmentDate <= :horizon AND d.warnedForDate IS DISTINCT FROM d.appointmentDate', { open: OPEN_STATES, horizon })
      .getMany();
    let queued = 0;
    for (const dossier of due) {
      queued += await this.dataSource.transaction(async (manager) => {
        await manager.update(DossierRecord, { dossierId: dossier.dossierId }, { warnedForDate: dossier.appointmentDate });
        return this.planner.plan(
          manager,
          {
            key: `due-soon:${dossier.dossierId}:${dossier.appointmentDate}`,
            template: 'officer-due-soon',
            recipient: { kind: 'agency', agencyCode: dossier.agencyCode },
            agencyCode: dossier.agencyCode,
            dossierId: dossier.dossierId,
            occurredAt: now,
            params: { dossierLabel: dossierLabel(dossier.dossierId, dossier.dossierCode), appointmentDate: dossier.appointmentDate, deskLink: this.settings.link(`/desk/dossiers/${dossier.dossierId}`) },
          },
          now,
        );
      });
    }
    return queued;
  }

}
