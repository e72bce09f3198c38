import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeCursor, isBigintKey, isTimestampKey, toPage, type Page, type PageQuery } from '@app/platform';
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
  id: string;
  at_key: string;
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

  /** Newest first, keyset-paged on (at, id); `at` travels in the cursor as PostgreSQL's own text, microseconds kept. */
  async listForCitizen(citizenRef: string, page: PageQuery): Promise<Page<AccessLogView>> {
    const after = page.cursor ? decodeCursor(page.cursor, [isTimestampKey, isBigintKey]) : null;
    const rows = await this.dataSource.query<AccessLogRow[]>(
      `SELECT l.id::text AS id, l.at::text AS at_key, l.document_id, d.document_type_code, l.action, l.actor_role, l.actor_subject, l.agency_code,
              a.name_vi AS agency_name, l.dossier_id, l.at
         FROM access_log l
         JOIN document d ON d.id = l.document_id
         LEFT JOIN agency a ON a.code = l.agency_code
        WHERE l.citizen_ref = $1
          AND ($2::timestamptz IS NULL OR (l.at, l.id) < ($2::timestamptz, $3::bigint))
        ORDER BY l.at DESC, l.id DESC
        LIMIT $4`,
      [citizenRef, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
    );
    return toPage(rows, page.limit, (row) => [row.at_key, row.id], toView);
  }
}

function toView(row: AccessLogRow): AccessLogView {
  return {
    documentId: row.document_id,
    documentTypeCode: row.document_type_code,
    action: row.action,
    actorRole: row.actor_role,
    ...(row.actor_role === 'officer' ? { officerSubject: row.actor_subject } : {}),
    agencyCode: row.agency_code,
    agencyName: row.agency_name,
    dossierId: row.dossier_id,
    at: row.at.toISOString(),
  };
}
