import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { DocumentAvailabilityV1 } from '@app/contracts';
import { IntakeSettings } from '../intake-settings';
import { ReusableDocument } from './reusable-document.entity';
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
   * The latest record wins unconditionally: records of one document arrive in order on one
   * partition, and a narrowed scope or a withdrawal must replace what came before.
   */
  async record(manager: EntityManager, record: DocumentAvailabilityV1): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ReusableDocument)
      .values({
        documentId: record.documentId,
        citizenRef: record.citizenRef,
        documentTypeCode: record.documentTypeCode,
        verifiedByAgencyCode: record.verifiedByAgencyCode,
        verifiedByAgencyName: record.verifiedByAgencyName,
        verifiedAt: new Date(record.verifiedAt),
        validUntil: record.validUntil === undefined ? null : new Date(record.validUntil),
        scope: record.scope,
        status: record.status,
        withdrawnReason: record.status === 'withdrawn' ? (record.withdrawnReason ?? null) : null,
        updatedAt: () => 'now()',
      })
      .orUpdate(
        [
          'citizen_ref',
          'document_type_code',
          'verified_by_agency_code',
          'verified_by_agency_name',
          'verified_at',
          'valid_until',
          'scope',
          'status',
          'withdrawn_reason',
          'updated_at',
        ],
        ['document_id'],
      )
      .execute();
  }
}
