import { Counter, Gauge, Histogram } from 'prom-client';
import type { MetricsRegistry } from '@app/observability';

export type HandledOutcome = 'applied' | 'duplicate' | 'ignored';

/**
 * What an operator watches of a service's messaging: events handled, retried and
 * dead-lettered per type, and what the relay published. The outbox backlog and the consumer
 * lag are gauges read on scrape (see OutboxRelay and EventConsumerServer), so they are
 * always current and cost nothing between scrapes.
 */
export class MessagingMetrics {
  readonly handled: Counter<'type' | 'outcome'>;
  readonly retried: Counter<'type'>;
  readonly deadLettered: Counter<'type' | 'reason'>;
  readonly handlingSeconds: Histogram<'type'>;
  readonly published: Counter<'topic'>;

  constructor(private readonly registry: MetricsRegistry) {
    const registers = [registry];
    this.handled = new Counter({ name: 'events_handled_total', help: 'Events consumed and applied, skipped as duplicates, or ignored by configuration.', labelNames: ['type', 'outcome'], registers });
    this.retried = new Counter({ name: 'events_retried_total', help: 'Handler attempts that failed and were retried.', labelNames: ['type'], registers });
    this.deadLettered = new Counter({ name: 'events_dead_lettered_total', help: 'Events sent to the dead-letter topic, by reason.', labelNames: ['type', 'reason'], registers });
    this.handlingSeconds = new Histogram({
      name: 'event_handling_duration_seconds',
      help: 'Time from receiving an event to its effects being committed (retries included).',
      labelNames: ['type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.published = new Counter({ name: 'outbox_published_total', help: 'Outbox messages the relay published to Kafka (acknowledged by all in-sync replicas).', labelNames: ['topic'], registers });
  }

  /** A gauge whose value is computed when Prometheus scrapes. */
  gaugeOnScrape<L extends string>(name: string, help: string, labelNames: readonly L[], collect: (gauge: Gauge<L>) => Promise<void>): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }
}
