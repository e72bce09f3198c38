import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DocumentAvailability, DocumentAvailabilityV1, type WithdrawalReason } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Agency } from '../directory/agency.entity';
import { GoverningBody } from '../directory/governing-body.entity';
import { StoredDocument } from '../documents/stored-document.entity';
import { reuseScope } from './reuse-scope.policy';

/** The agency that verified a document, with the governing body whose topic carries its availability. */
export interface Verifier {
  readonly agency: Agency;
  readonly body: GoverningBody;
}

/**
 * Builds and appends availability records (through the outbox, in the caller's
 * transaction). Every path that publishes for a document holds that document's row lock,
 * so two records for one document are committed, and relayed, in the order they were decided,
 * and each carries the next of the document's versions.
 *
 * Lock order, everywhere: the governing body, then its agencies (share locks, taken by
 * loadVerifier or by the caller), then the documents (FOR UPDATE, in id order when several).
 * The verification handler, revocation, a data-sharing change and the republication all
 * follow it; the expiry sweep takes only documents, with SKIP LOCKED, and never waits.
 */
@Injectable()
export class AvailabilityPublisher {
  constructor(private readonly outbox: OutboxWriter) {}

  /**
   * Loads the verifying agency and its body, share-locking both rows: a concurrent change of
   * the body's data sharing waits for this transaction, then republishes including it.
   * Callers take these locks before any document lock (body, then agency, then document,
   * as the data-sharing change does), so the two cannot deadlock. A caller that already
   * holds document locks passes `lock: false` instead.
   */
  async loadVerifier(manager: EntityManager, agencyCode: string, { lock } = { lock: true }): Promise<Verifier | undefined> {
    const mode = lock ? { lock: { mode: 'pessimistic_read' as const } } : {};
    const unlocked = await manager.findOne(Agency, { where: { code: agencyCode } });
    if (!unlocked) return undefined;
    const body = await manager.findOne(GoverningBody, { where: { code: unlocked.governingBodyCode }, ...mode });
    // Agencies never change body (the directory refuses moves), so the agency read above still holds.
    const agency = lock ? await manager.findOne(Agency, { where: { code: agencyCode }, ...mode }) : unlocked;
    if (!body || !agency) return undefined;
    return { agency, body };
  }

  /**
   * Announces a verified document as available (with the body's current scope) or as
   * withdrawn, as the document's next version. The caller holds the document's row lock
   * (FOR UPDATE): the version is raised and the record appended in its transaction, so no two
   * records of one document share a version and a later decision always has the higher one.
   */
  async publish(manager: EntityManager, document: StoredDocument, verifier: Verifier, withdrawal?: WithdrawalReason, now = new Date()): Promise<void> {
    const raised = await manager
      .createQueryBuilder()
      .update(StoredDocument)
      .set({ availabilityVersion: () => 'availability_version + 1' })
      .where('id = :id', { id: document.id })
      .returning('availability_version')
      .execute();
    const [row] = raised.raw as { availability_version: string }[];
    if (!row) throw new Error(`document ${document.id} does not exist`);
    document.availabilityVersion = Number(row.availability_version);
    await this.outbox.append(manager, DocumentAvailability, availabilityRecord(document, verifier, withdrawal, now));
  }

  /**
   * After a body connected or disconnected data sharing: a new record, with the new scope,
   * for every document its agencies verified that is still reusable. Documents being revoked
   * or verified at the same moment are waited for (row locks), so none keeps a stale scope.
   */
  async republishGoverningBody(manager: EntityManager, body: GoverningBody, now = new Date()): Promise<number> {
    const agencies = new Map((await manager.find(Agency, { where: { governingBodyCode: body.code } })).map((agency) => [agency.code, agency]));
    if (agencies.size === 0) return 0;
    const documents = await manager
      .createQueryBuilder(StoredDocument, 'document')
      .where('document.verifiedByAgencyCode IN (:...codes)', { codes: [...agencies.keys()] })
      .andWhere(`document.status = 'verified'`)
      .andWhere('(document.validUntil IS NULL OR document.validUntil > :now)', { now })
      .orderBy('document.id')
      .setLock('pessimistic_write')
      .getMany();
    for (const document of documents) {
      await this.publish(manager, document, { agency: agencies.get(document.verifiedByAgencyCode!)!, body }, undefined, now);
    }
    return documents.length;
  }
}

/** The record of `document` as it stands; its `availabilityVersion` is the version the record carries. */
export function availabilityRecord(document: StoredDocument, verifier: Verifier, withdrawal: WithdrawalReason | undefined, now: Date): DocumentAvailabilityV1 {
  if (!document.verifiedAt || document.verifiedByAgencyCode !== verifier.agency.code) {
    throw new Error(`document ${document.id} is not verified by ${verifier.agency.code}`);
  }
  if (!(document.availabilityVersion >= 1)) throw new Error(`document ${document.id}: availability version ${document.availabilityVersion} is not raised yet`);
  return Object.assign(new DocumentAvailabilityV1(), {
    documentId: document.id,
    citizenRef: document.citizenRef,
    documentTypeCode: document.documentTypeCode,
    governingBodyCode: verifier.body.code,
    verifiedByAgencyCode: verifier.agency.code,
    verifiedByAgencyName: verifier.agency.nameVi,
    verifiedAt: document.verifiedAt.toISOString(),
    ...(document.validUntil ? { validUntil: document.validUntil.toISOString() } : {}),
    scope: reuseScope(verifier.body, now),
    status: withdrawal ? 'withdrawn' : 'available',
    ...(withdrawal ? { withdrawnReason: withdrawal } : {}),
    version: document.availabilityVersion,
  });
}
