import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, isUuidKey, toPage, type Page, type PageQuery, type Principal } from '@app/platform';
import { asOfficerOf } from '../dossiers/dossier-access';
import { Dossier, type DossierStatus } from '../dossiers/dossier.entity';
import { DossierService } from '../dossiers/dossier.service';
import type { DossierView } from '../dossiers/dossier.view';
import { IntakeSettings } from '../intake-settings';
import { AppointmentClock } from './appointment-clock';

/** What is on an officer's desk: everything submitted and not yet closed. */
export const QUEUE_STATUSES: readonly DossierStatus[] = ['submitted', 'received', 'resubmitted', 'in_processing', 'awaiting_payment', 'approved', 'result_issued', 'supplement_requested'];

export interface QueueItem {
  readonly dossier: DossierView;
  /** The appointment, or for a dossier not yet received the day it was submitted (in Vietnam). */
  readonly dueDate: string;
  /** Negative once the appointment has passed; null before reception and while the clock is paused. */
  readonly workingDaysLeft: number | null;
  readonly overdue: boolean;
}

const isDateKey = (part: unknown) => typeof part === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(part);

// The due day, computed the same way in the ORDER BY and in the keyset condition.
const DUE = `COALESCE(dossier.appointment_date, (COALESCE(dossier.submitted_at, dossier.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)`;

/** The agency's queue, oldest due first, keyset-paged on (due day, id). */
@Injectable()
export class OfficerQueue {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly clock: AppointmentClock,
    private readonly dossiers: DossierService,
  ) {}

  async list(principal: Principal, status: DossierStatus | undefined, page: PageQuery): Promise<Page<QueueItem>> {
    asOfficerOf(principal, this.settings.agencyCode);
    const manager = this.dataSource.manager;
    const query = manager
      .createQueryBuilder(Dossier, 'dossier')
      .addSelect(`to_char(${DUE}, 'YYYY-MM-DD')`, 'due')
      .where('dossier.status IN (:...statuses)', { statuses: status ? [status] : QUEUE_STATUSES })
      .orderBy(DUE, 'ASC')
      .addOrderBy('dossier.id', 'ASC')
      .limit(page.limit + 1);
    if (page.cursor) {
      const [due, id] = decodeCursor(page.cursor, [isDateKey, isUuidKey]);
      query.andWhere(`(${DUE}, dossier.id) > (:due::date, :id)`, { due, id });
    }
    const { entities, raw } = await query.getRawAndEntities<{ due: string }>();
    const due = new Map(entities.map((dossier, index) => [dossier.id, raw[index].due]));
    const views = new Map((await this.dossiers.views(manager, entities.slice(0, page.limit))).map((view) => [view.id, view]));
    const now = new Date();
    return toPage(entities, page.limit, (dossier) => [due.get(dossier.id)!, dossier.id], (dossier) => {
      const running = dossier.appointmentDate !== null && dossier.status !== 'supplement_requested';
      return {
        dossier: views.get(dossier.id)!,
        dueDate: due.get(dossier.id)!,
        workingDaysLeft: running ? this.clock.workingDaysLeft(now, dossier.appointmentDate!) : null,
        overdue: running && this.clock.isOverdue(now, dossier.appointmentDate!),
      };
    });
  }
}
