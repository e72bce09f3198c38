import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessAction, AccessActorRole } from './access-log-entry.entity';
import { AccessLogEntry } from './access-log-entry.entity';

export interface AccessRecord {
  readonly documentId: string;
  readonly citizenRef: string;
  readonly action: AccessAction;
  readonly actorSubject: string;
  readonly actorRole: AccessActorRole;
  readonly agencyCode: string | null;
  readonly dossierId: string | null;
  /** Defaults to the database's clock. */
  readonly at?: Date;
}

/** What the citizen sees: who used which document, when and for which dossier. */
export interface AccessLogView {
  readonly documentId: string;
  readonly documentTypeCode: string;
  readonly action: AccessAction;
  readonly actorRole: AccessActorRole;
  /** Officers act in their official capacity, so their subject is shown; other actors' is not. */
  readonly officerSubject?: string;
  readonly agencyCode: string | null;
  readonly agencyName: string | null;
  readonly dossierId: string | null;
  readonly at: string;
}

interface AccessLogRow {
  document_id: string;
  document_type_code: string;
  action: AccessAction;
  actor_role: AccessActorRole;
  actor_subject: string;
  agency_code: string | null;
  agency_name: string | null;
  dossier_id: string | null;
  at: Date;
}

@Injectable()
export class AccessLogService {
  constructor(private readonly dataSource: DataSource) {}

  /** Pass the transaction the access belongs to; without one the entry commits on its own. */
  async record(entry: AccessRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AccessLogEntry, { ...entry, ...(entry.at ? { at: entry.at } : { at: () => 'now()' }) });
  }

  async listForCitizen(citizenRef: string): Promise<AccessLogView[]> {
    const rows = await this.dataSource.query<AccessLogRow[]>(
      `SELECT l.document_id, d.document_type_code, l.action, l.actor_role, l.actor_subject, l.agency_code,
              a.name_vi AS agency_name, l.dossier_id, l.at
         FROM access_log l
         JOIN document d ON d.id = l.document_id
         LEFT JOIN agency a ON a.code = l.agency_code
        WHERE l.citizen_ref = $1
        ORDER BY l.at DESC, l.id DESC`,
      [citizenRef],
    );
    return rows.map((row) => ({
      documentId: row.document_id,
      documentTypeCode: row.document_type_code,
      action: row.action,
      actorRole: row.actor_role,
      ...(row.actor_role === 'officer' ? { officerSubject: row.actor_subject } : {}),
      agencyCode: row.agency_code,
      agencyName: row.agency_name,
      dossierId: row.dossier_id,
      at: row.at.toISOString(),
    }));
  }
}
