export type { InfraOptions, InfraSource, KafkaHandle, PostgresHandle } from './infra.types';
export { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
export { startKafka } from './kafka.resolver';
export { startPostgres } from './postgres.resolver';
export { ensureDatabase } from './database.ensurer';
