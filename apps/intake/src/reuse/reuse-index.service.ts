import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { DocumentAvailabilityV1 } from '@app/contracts';
import { IntakeSettings } from '../intake-settings';
import { ReusableDocument } from './reusable-document.entity';
import { SUPERSEDES_INDEXED_ROW } from './availability-version.rule';
import { ReuseRule, type ReuseWithdrawal } from './reuse-rule';

/** Reads and maintains the local index, always through the caller's transaction. */
@Injectable()
export class ReuseIndex {
  private readonly rule: ReuseRule;

  constructor(settings: IntakeSettings) {
    this.rule = new ReuseRule(settings.agencyCode);
  }

  /** For each type, the document this desk may reuse now (types without one are absent). */
  async reusable(manager: EntityManager, citizenRef: string, documentTypeCodes: readonly string[], now: Date): Promise<Map<string, ReusableDocument>> {
    if (documentTypeCodes.length === 0) return new Map();
    const candidates = await manager.find(ReusableDocument, {
      where: { citizenRef, documentTypeCode: In([...documentTypeCodes]), status: 'available' },
    });
    const found = new Map<string, ReusableDocument>();
    for (const type of documentTypeCodes) {
      const chosen = this.rule.pick(candidates, citizenRef, type, now);
      if (chosen) found.set(type, chosen);
    }
    return found;
  }

  /**
   * For each document attached by reuse: why it may no longer be reused now (revoked,
   * expired, no longer shared), if so. Documents the index does not hold count as revoked:
   * the index only ever learns of documents, it never forgets them.
   */
  async withdrawals(manager: EntityManager, documentIds: readonly string[], now: Date): Promise<Map<string, ReuseWithdrawal>> {
    if (documentIds.length === 0) return new Map();
    const entries = new Map((await manager.find(ReusableDocument, { where: { documentId: In([...documentIds]) } })).map((entry) => [entry.documentId, entry]));
    const withdrawn = new Map<string, ReuseWithdrawal>();
    for (const documentId of documentIds) {
      const entry = entries.get(documentId);
      const refusal = entry ? this.rule.refusal(entry, now) : 'revoked';
      if (refusal) withdrawn.set(documentId, refusal);
    }
    return withdrawn;
  }

  /**
   * Keeps the record if it supersedes what the index holds for its document (a higher
   * version), in one statement: a concurrent delivery of another record of the same document
   * (a second replica during a rebalance) waits on the row, then is compared with the winner.
   */
  async record(manager: EntityManager, record: DocumentAvailabilityV1): Promise<'applied' | 'stale'> {
    const applied = await manager.query<{ document_id: string }[]>(
      `INSERT INTO reusable_document
         (document_id, citizen_ref, document_type_code, verified_by_agency_code, verified_by_agency_name, verified_at, valid_until, scope, status, withdrawn_reason, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
       ON CONFLICT (document_id) DO UPDATE SET
         citizen_ref = excluded.citizen_ref,
         document_type_code = excluded.document_type_code,
         verified_by_agency_code = excluded.verified_by_agency_code,
         verified_by_agency_name = excluded.verified_by_agency_name,
         verified_at = excluded.verified_at,
         valid_until = excluded.valid_until,
         scope = excluded.scope,
         status = excluded.status,
         withdrawn_reason = excluded.withdrawn_reason,
         version = excluded.version,
         updated_at = excluded.updated_at
       WHERE ${SUPERSEDES_INDEXED_ROW}
       RETURNING document_id`,
      [
        record.documentId,
        record.citizenRef,
        record.documentTypeCode,
        record.verifiedByAgencyCode,
        record.verifiedByAgencyName,
        new Date(record.verifiedAt),
        record.validUntil === undefined ? null : new Date(record.validUntil),
        record.scope,
        record.status,
        record.status === 'withdrawn' ? (record.withdrawnReason ?? null) : null,
        record.version,
      ],
    );
    return applied.length > 0 ? 'applied' : 'stale';
  }
}
