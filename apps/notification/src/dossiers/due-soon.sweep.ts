import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
  private readonly logger = new Logger(DueSoonSweep.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly planner: NotificationPlanner,
    private readonly settings: NotificationSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.dispatchIntervalMs === 0) return;
    this.timer = setInterval(() => this.trigger(), SWEEP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Returns how many new warnings were queued. */
  async sweep(now = new Date()): Promise<number> {
    // Appointment dates are Vietnamese calendar days: compare them in UTC+7.
    const horizon = new Date(now.getTime() + this.settings.dueSoonHours * 3_600_000 + 7 * 3_600_000).toISOString().slice(0, 10);
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

  private trigger(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((error: unknown) => this.logger.warn(`Due-soon sweep failed, will retry: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
