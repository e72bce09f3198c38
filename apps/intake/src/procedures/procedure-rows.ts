import type { EntityManager } from 'typeorm';
import type { ProcedureInformation } from './procedure-information';
import type { ProcedureVersion } from './procedure.entity';

/**
 * The catalog's writes, in SQL: TypeORM's typed insert and update cannot express jsonb columns
 * holding readonly records, and these are the only statements that write the two tables.
 */
export const procedureRows = {
  /** False when the code exists already. */
  async insertDraft(manager: EntityManager, code: string, draft: Partial<ProcedureInformation>, at: Date, by: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'INSERT INTO procedure (code, draft, published_version, updated_at, updated_by) VALUES ($1, $2, NULL, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING code',
      [code, JSON.stringify(draft), at, by],
    );
    return rows.length === 1;
  },

  async updateDraft(manager: EntityManager, code: string, draft: Partial<ProcedureInformation>, at: Date, by: string, publishedVersion?: number): Promise<void> {
    await manager.query(
      'UPDATE procedure SET draft = $2, updated_at = $3, updated_by = $4, published_version = coalesce($5, published_version) WHERE code = $1',
      [code, JSON.stringify(draft), at, by, publishedVersion ?? null],
    );
  },

  async insertVersion(manager: EntityManager, version: ProcedureVersion): Promise<void> {
    await manager.query(
      'INSERT INTO procedure_version (code, version, information, classification, published_at, published_by, migrated_without) VALUES ($1, $2, $3, $4, $5, $6, NULL)',
      [version.code, version.version, JSON.stringify(version.information), version.classification, version.publishedAt, version.publishedBy],
    );
  },
};
