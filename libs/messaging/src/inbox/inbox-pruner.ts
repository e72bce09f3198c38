import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_HOUSEKEEPING, MESSAGING_OPTIONS, type HousekeepingOptions, type MessagingOptions } from '../messaging-options';

const BATCH_SIZE = 5_000;

/**
 * Keeps the inbox from growing for ever: applied and ignored entries older than the
 * retention are deleted, in small batches so no long lock is held. Dead-lettered entries
 * stay: they are what lets a replay be applied once, whenever the operator gets to it.
 * The retention must outlast any redelivery of an event already applied (an offset reset,
 * a replay of an old dead letter), or that event would be applied again.
 */
@Injectable()
export class InboxPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxPruner.name);
  private readonly settings: HousekeepingOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    private readonly dataSource: DataSource,
  ) {
    this.settings = { ...DEFAULT_HOUSEKEEPING, ...options.housekeeping };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.trigger(), this.settings.intervalMs);
    this.timer.unref();
    this.trigger();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes what is past the retention; returns how many entries. */
  async prune(retentionDays = this.settings.inboxRetentionDays): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.dataSource.query<unknown[]>(
        `DELETE FROM inbox_entry WHERE ctid IN (
           SELECT ctid FROM inbox_entry
            WHERE outcome <> 'dead-lettered' AND processed_at < now() - make_interval(days => $1)
            LIMIT $2)
         RETURNING 1`,
        [retentionDays, BATCH_SIZE],
      );
      total += deleted.length;
      if (deleted.length < BATCH_SIZE) return total;
    }
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.prune()
      .then((pruned) => {
        if (pruned > 0) this.logger.log(`Pruned ${pruned} inbox entries older than ${this.settings.inboxRetentionDays} days`);
      })
      .catch((error: unknown) => this.logger.warn(`Inbox pruning failed, will retry: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
