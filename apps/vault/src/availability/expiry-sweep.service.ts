import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StoredDocument } from '../documents/stored-document.entity';
import { VaultEnvironment } from '../vault-environment';
import { AvailabilityPublisher, type Verifier } from './availability.publisher';

const BATCH_SIZE = 200;

/**
 * Withdraws documents whose validity has ended. Intakes check `validUntil` themselves, so
 * this is hygiene for the compacted topics and for intakes that were offline when a
 * document expired. Several vault replicas may sweep at once: SKIP LOCKED splits the work.
 */
@Injectable()
export class ExpirySweepService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExpirySweepService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly env: VaultEnvironment,
    private readonly dataSource: DataSource,
    private readonly publisher: AvailabilityPublisher,
  ) {}

  onApplicationBootstrap(): void {
    // A first sweep at once catches what expired while the vault was down.
    this.trigger();
    this.timer = setInterval(() => this.trigger(), this.env.EXPIRY_SWEEP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Withdraws every document expired by `now`, in batches; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const withdrawn = await this.sweepBatch(now);
      total += withdrawn;
      if (withdrawn < BATCH_SIZE || this.stopped) return total;
    }
  }

  private trigger(): void {
    if (this.running || this.stopped) return;
    this.running = this.sweep()
      .then((withdrawn) => {
        if (withdrawn > 0) this.logger.log(`Withdrew ${withdrawn} expired documents from reuse`);
      })
      .catch((error: unknown) => this.logger.warn(`Expiry sweep failed, will retry: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }

  private sweepBatch(now: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const expired = await manager
        .createQueryBuilder(StoredDocument, 'document')
        .where(`document.status = 'verified'`)
        .andWhere('document.validUntil < :now', { now })
        .andWhere('document.availabilityWithdrawnAt IS NULL')
        .orderBy('document.validUntil')
        .limit(BATCH_SIZE)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      const verifiers = new Map<string, Verifier | undefined>();
      for (const document of expired) {
        const code = document.verifiedByAgencyCode!;
        if (!verifiers.has(code)) verifiers.set(code, await this.publisher.loadVerifier(manager, code, { lock: false }));
        await this.publisher.publish(manager, document, verifiers.get(code)!, 'expired', now);
      }
      if (expired.length > 0) {
        await manager.update(StoredDocument, expired.map((document) => document.id), { availabilityWithdrawnAt: now });
      }
      return expired.length;
    });
  }
}
