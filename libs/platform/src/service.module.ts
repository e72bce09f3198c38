import { Module, type DynamicModule } from '@nestjs/common';
import type { EventDefinition } from '@app/contracts';
import { AddOutboxPayloadText1764450000000, CreateMessagingTables1764400000000, CreateOutboxParked1764720000000, MESSAGING_ENTITIES, MessagingModule, type MessagingOptions } from '@app/messaging';
import { ObservabilityModule } from '@app/observability';
import { PersistenceModule, type DatabaseSettings } from '@app/persistence';
import { authSettings, kafkaSettings, signingSettings, type ServiceEnvironment } from './config/service-environment';
import { loggingModule } from './logging/logging.module';
import { CreateIdempotencyRecords1764800000000 } from './migrations/1764800000000-create-idempotency-records';
import { PlatformModule } from './platform.module';

export interface ServiceModuleOptions {
  readonly env: ServiceEnvironment;
  /** Deployment name: CloudEvents source, Kafka client id and consumer group. */
  readonly name: string;
  /** Service kind that owns the topics it publishes. */
  readonly owner: string;
  readonly entities: DatabaseSettings['entities'];
  /** The service's own migrations; the shared messaging migrations are added first, the idempotency records' last. */
  readonly migrations: DatabaseSettings['migrations'];
  readonly events: readonly EventDefinition[];
  readonly subscriptions: readonly string[];
  readonly messaging?: Partial<Pick<MessagingOptions, 'ignoredEventTypes' | 'retry' | 'relay' | 'partitionsConsumedConcurrently'>>;
  /** How this service checks the signatures of what it consumes (see `EventKeyResolver`). */
  readonly keyResolver?: MessagingOptions['keyResolver'];
}

/** The infrastructure every service stands on, wired the same way everywhere. */
@Module({})
export class ServiceModule {
  static forRoot(options: ServiceModuleOptions): DynamicModule {
    const { env } = options;
    return {
      module: ServiceModule,
      imports: [
        ObservabilityModule.forRoot(options.name),
        loggingModule(options.name, env.LOG_LEVEL),
        PlatformModule.forRoot({ auth: authSettings(env), idempotencyLeaseSeconds: env.IDEMPOTENCY_LEASE_SECONDS, ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}) }),
        PersistenceModule.forRoot(databaseSettings(options)),
        MessagingModule.forRoot({
          service: options.name,
          owner: options.owner,
          kafka: kafkaSettings(env, options.name),
          databaseUrl: env.DATABASE_URL,
          events: options.events,
          subscriptions: options.subscriptions,
          housekeeping: { inboxRetentionDays: env.INBOX_RETENTION_DAYS },
          signing: signingSettings(env),
          ...(options.keyResolver ? { keyResolver: options.keyResolver } : {}),
          ...options.messaging,
        }),
      ],
    };
  }
}

export function databaseSettings(options: Pick<ServiceModuleOptions, 'env' | 'name' | 'entities' | 'migrations'>): DatabaseSettings {
  return {
    url: options.env.DATABASE_URL,
    applicationName: options.name,
    entities: [...MESSAGING_ENTITIES, ...options.entities],
    migrations: [CreateMessagingTables1764400000000, AddOutboxPayloadText1764450000000, CreateOutboxParked1764720000000, ...options.migrations, CreateIdempotencyRecords1764800000000],
  };
}
