import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Where "orphaned upload" is defined, in one place. An intake attaches an upload to a dossier
 * with its signed DocumentProvided, which the vault records in document_attachment: an
 * orphan is an upload no dossier was ever attached to, still `provided` and never read,
 * once the grace period is over (an upload that lost a race at the desk, or was abandoned).
 */
@Injectable()
export class OrphanDocumentsRepository {
  /** Locks and returns up to `limit` orphans; replicas sharing the work skip each other's. */
  async lockOrphans(manager: EntityManager, graceHours: number, limit: number): Promise<{ id: string; contentSha256: string }[]> {
    const rows = await manager.query<{ id: string; content_sha256: string }[]>(
      `SELECT d.id, d.content_sha256 FROM document d
        WHERE d.status = 'provided' AND d.verified_at IS NULL
          AND d.provided_at < now() - make_interval(hours => $1)
          AND NOT EXISTS (SELECT 1 FROM document_attachment t WHERE t.document_id = d.id)
          AND NOT EXISTS (SELECT 1 FROM access_log a WHERE a.document_id = d.id)
        ORDER BY d.provided_at
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED`,
      [graceHours, limit],
    );
    return rows.map((row) => ({ id: row.id, contentSha256: row.content_sha256 }));
  }

  /** Deletes the documents, then each content no other document still refers to; returns how many contents went. */
  async remove(manager: EntityManager, orphans: readonly { id: string; contentSha256: string }[]): Promise<number> {
    if (orphans.length === 0) return 0;
    await manager.query('DELETE FROM document WHERE id = ANY($1::uuid[])', [orphans.map((orphan) => orphan.id)]);
    const contents = await manager.query<unknown[]>(
      `DELETE FROM document_content c WHERE c.sha256 = ANY($1::char(64)[])
         AND NOT EXISTS (SELECT 1 FROM document d WHERE d.content_sha256 = c.sha256)
       RETURNING 1`,
      [[...new Set(orphans.map((orphan) => orphan.contentSha256))]],
    );
    return contents.length;
  }
}
