import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { MetricsRegistry } from '@app/observability';
import { EventConsumerServer } from './consumer/event-consumer.server';
import { createKafka } from './kafka/kafka-settings';
import { KafkaProbe } from './kafka/kafka-probe';
import { KAFKA, MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxWriter } from './outbox/outbox-writer';
import { InboxPruner } from './inbox/inbox-pruner';
import { MessagingMetrics } from './telemetry/messaging-metrics';

/**
 * Wires the outbox (writer and relay) and the consumer transport for one service.
 * `main.ts` connects `EventConsumerServer` as the hybrid app's microservice strategy.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KAFKA, useFactory: () => createKafka(options.kafka) },
        { provide: KafkaProbe, inject: [KAFKA], useFactory: (kafka: Kafka) => new KafkaProbe(kafka) },
        { provide: MessagingMetrics, inject: [MetricsRegistry], useFactory: (registry: MetricsRegistry) => new MessagingMetrics(registry) },
        {
          provide: EventConsumerServer,
          inject: [KAFKA, DataSource, MessagingMetrics],
          useFactory: (kafka: Kafka, dataSource: DataSource, metrics: MessagingMetrics) => new EventConsumerServer(kafka, dataSource, options, metrics),
        },
        OutboxWriter,
        OutboxRelay,
        InboxPruner,
      ],
      exports: [KAFKA, KafkaProbe, EventConsumerServer, OutboxWriter, OutboxRelay, InboxPruner],
    };
  }
}
