import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { MetricsRegistry } from '@app/observability';
import { EventConsumerServer } from './consumer/event-consumer.server';
import { createKafka } from './kafka/kafka-settings';
import { KafkaProbe } from './kafka/kafka-probe';
import { KAFKA, MESSAGING_OPTIONS, SIGNING_IDENTITY, type MessagingOptions } from './messaging-options';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxWriter } from './outbox/outbox-writer';
import { InboxPruner } from './inbox/inbox-pruner';
import { SigningIdentity } from './signing/signing-identity';
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
        // Parsed while the module starts: a bad key stops the service before it serves anything.
        { provide: SIGNING_IDENTITY, useFactory: () => SigningIdentity.load(options.signing) },
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
      exports: [KAFKA, SIGNING_IDENTITY, KafkaProbe, EventConsumerServer, OutboxWriter, OutboxRelay, InboxPruner],
    };
  }
}
