import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VaultEnvironment } from '../vault-environment';
import { OrphanDocumentsRepository } from './orphan-documents.repository';

const BATCH_SIZE = 200;

/**
 * Removes uploads nobody used (an upload whose dossier lost a race, an abandoned draft) after
 * ORPHAN_GRACE_HOURS, with their content when no other document shares the same bytes, so
 * the vault keeps no personal documents it has no reason to hold. What counts as an orphan
 * is OrphanDocumentsRepository's to say.
 */
@Injectable()
export class OrphanSweepService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrphanSweepService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly env: VaultEnvironment,
    private readonly dataSource: DataSource,
    private readonly orphans: OrphanDocumentsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.trigger(), this.env.ORPHAN_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Removes every orphan older than the grace period, in batches; returns how many documents. */
  async sweep(graceHours = this.env.ORPHAN_GRACE_HOURS): Promise<{ documents: number; contents: number }> {
    const removed = { documents: 0, contents: 0 };
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const found = await this.orphans.lockOrphans(manager, graceHours, BATCH_SIZE);
        return { documents: found.length, contents: await this.orphans.remove(manager, found) };
      });
      removed.documents += batch.documents;
      removed.contents += batch.contents;
      if (batch.documents < BATCH_SIZE) return removed;
    }
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then(({ documents, contents }) => {
        if (documents > 0) this.logger.log(`Removed ${documents} orphaned upload(s) older than ${this.env.ORPHAN_GRACE_HOURS} h and ${contents} content(s) no longer referenced`);
      })
      .catch((error: unknown) => this.logger.warn(`Orphan sweep failed, will retry: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
