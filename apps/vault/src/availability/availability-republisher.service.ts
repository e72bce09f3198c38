import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { ensureTopics, KAFKA } from '@app/messaging';
import { Agency } from '../directory/agency.entity';
import { governingBodyNotFound } from '../directory/directory.errors';
import { availabilityTopicSpec } from '../directory/directory.service';
import { GoverningBody } from '../directory/governing-body.entity';
import { StoredDocument } from '../documents/stored-document.entity';
import { AvailabilityPublisher } from './availability.publisher';
import { currentWithdrawal } from './current-withdrawal.policy';

export const DEFAULT_REPUBLISH_BATCH_SIZE = 200;

export interface RepublishProgress {
  readonly body: string;
  /** Documents republished so far. */
  readonly done: number;
  /** Documents announced under the body when the walk began (those announced since are included too). */
  readonly total: number;
}

export interface RepublishSummary extends RepublishProgress {
  readonly available: number;
  readonly withdrawn: number;
  /** The availability topic did not exist and was created. */
  readonly topicCreated: boolean;
}

/**
 * Rebuilds a governing body's availability topic from the vault's database, the source of
 * truth: every document ever announced under the body gets its current record again (available
 * with the body's scope as it is now, or withdrawn with its reason) as its next version,
 * through the outbox. Intakes then converge whatever their indexes hold: a missing record is
 * added, a stale one replaced, and an up-to-date one rewritten with the same content.
 *
 * Safe while traffic flows: each batch takes the body's and its agencies' share locks, then
 * the documents' row locks, in the publisher's lock order, so a verification, revocation or
 * data-sharing change of the same documents waits or is waited for, and whichever decides
 * last publishes the higher version. Safe to repeat: a second run only raises versions.
 */
@Injectable()
export class AvailabilityRepublisher {
  private readonly logger = new Logger(AvailabilityRepublisher.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: AvailabilityPublisher,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  /** Every governing body in the directory, in code order. */
  async bodies(): Promise<string[]> {
    return (await this.dataSource.manager.find(GoverningBody, { select: { code: true }, order: { code: 'ASC' } })).map((body) => body.code);
  }

  async republish(code: string, options: { batchSize?: number; onProgress?: (progress: RepublishProgress) => void } = {}): Promise<RepublishSummary> {
    const batchSize = options.batchSize ?? DEFAULT_REPUBLISH_BATCH_SIZE;
    if (!(await this.dataSource.manager.exists(GoverningBody, { where: { code } }))) throw governingBodyNotFound(code);
    // A lost topic is re-created (compacted, with its partitions) before anything is written for it.
    const topicCreated = (await ensureTopics(this.kafka, [availabilityTopicSpec(code)])).length > 0;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM document JOIN agency ON agency.code = document.verified_by_agency_code
       WHERE agency.governing_body_code = $1 AND document.availability_version > 0`,
      [code],
    );
    let done = 0;
    let available = 0;
    let withdrawn = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await this.republishBatch(code, after, batchSize);
      done += batch.ids.length;
      available += batch.available;
      withdrawn += batch.ids.length - batch.available;
      after = batch.ids.at(-1);
      // A last, empty batch (the one before was full) has nothing new to report.
      if (batch.ids.length > 0 || done === 0) options.onProgress?.({ body: code, done, total: Math.max(total, done) });
      if (batch.ids.length < batchSize) break;
    }
    this.logger.log(`Republished the availability of ${done} documents of ${code} (${available} available, ${withdrawn} withdrawn)`);
    return { body: code, done, total: Math.max(total, done), available, withdrawn, topicCreated };
  }

  /**
   * Waits until the outbox holds none of the rows committed so far (this command's among
   * them): the relay of whichever vault process leads publishes them. Later rows, of traffic
   * that goes on meanwhile, are not waited for.
   */
  async awaitPublished(options: { timeoutMs: number; onWaiting?: (remaining: number) => void }): Promise<void> {
    const [{ last }] = await this.dataSource.query<{ last: string | null }[]>('SELECT max(id)::text AS last FROM outbox_message');
    if (last === null) return;
    const deadline = Date.now() + options.timeoutMs;
    let reported = 0;
    for (;;) {
      const [{ remaining }] = await this.dataSource.query<{ remaining: number }[]>('SELECT count(*)::int AS remaining FROM outbox_message WHERE id <= $1', [last]);
      if (remaining === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${remaining} republished records are still in the outbox after ${Math.round(options.timeoutMs / 1000)} s: is Kafka reachable? ` +
            'They stay committed and the vault publishes them when it can; run the command again later to check',
        );
      }
      if (Date.now() - reported >= 2_000) {
        options.onWaiting?.(remaining);
        reported = Date.now();
      }
      await sleep(250);
    }
  }

  private republishBatch(code: string, after: string | undefined, batchSize: number): Promise<{ ids: string[]; available: number }> {
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      // The publisher's lock order: the body, its agencies, then the documents.
      const body = await manager.findOne(GoverningBody, { where: { code }, lock: { mode: 'pessimistic_read' } });
      if (!body) throw governingBodyNotFound(code);
      const agencies = new Map(
        (await manager.find(Agency, { where: { governingBodyCode: code }, order: { code: 'ASC' }, lock: { mode: 'pessimistic_read' } })).map((agency) => [agency.code, agency]),
      );
      if (agencies.size === 0) return { ids: [], available: 0 };
      let query = manager
        .createQueryBuilder(StoredDocument, 'document')
        .where('document.verifiedByAgencyCode IN (:...codes)', { codes: [...agencies.keys()] })
        .andWhere('document.availabilityVersion > 0');
      if (after) query = query.andWhere('document.id > :after', { after });
      const documents = await query.orderBy('document.id').limit(batchSize).setLock('pessimistic_write').getMany();
      let available = 0;
      for (const document of documents) {
        const withdrawal = currentWithdrawal(document);
        if (!withdrawal) available += 1;
        await this.publisher.publish(manager, document, { agency: agencies.get(document.verifiedByAgencyCode!)!, body }, withdrawal, now);
      }
      return { ids: documents.map((document) => document.id), available };
    });
  }
}
