import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DossierStatusChangedV1 } from '@app/contracts';
import { DossierRecord } from './dossier-record.entity';

/** The notification service's own memory of each dossier, kept from the lifecycle events. */
@Injectable()
export class DossierRecords {
  async record(manager: EntityManager, event: DossierStatusChangedV1): Promise<DossierRecord> {
    const known = await manager.findOneBy(DossierRecord, { dossierId: event.dossierId });
    const record = Object.assign(new DossierRecord(), {
      dossierId: event.dossierId,
      citizenRef: event.citizenRef,
      agencyCode: event.agencyCode,
      procedureCode: event.procedureCode,
      dossierCode: event.dossierCode ?? known?.dossierCode ?? null,
      status: event.to,
      appointmentDate: event.appointmentDate?.slice(0, 10) ?? known?.appointmentDate ?? null,
      warnedForDate: known?.warnedForDate ?? null,
      updatedAt: new Date(event.at),
    } satisfies DossierRecord);
    await manager.save(record);
    return record;
  }

  find(manager: EntityManager, dossierId: string): Promise<DossierRecord | null> {
    return manager.findOneBy(DossierRecord, { dossierId });
  }

  async reschedule(manager: EntityManager, dossierId: string, appointmentDate: string): Promise<void> {
    await manager.update(DossierRecord, { dossierId }, { appointmentDate: appointmentDate.slice(0, 10) });
  }
}

/** How a message names a dossier: its national code once received, a short reference before. */
export function dossierLabel(dossierId: string, dossierCode: string | null | undefined): string {
  return dossierCode ?? dossierId.slice(0, 8).toUpperCase();
}
