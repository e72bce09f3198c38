export type { InfraOptions, InfraSource, KafkaHandle, PostgresHandle, ZipkinHandle, ZipkinOptions } from './infra.types';
export { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
export { startKafka } from './kafka.resolver';
export { startPostgres } from './postgres.resolver';
export { ensureDatabase } from './database.ensurer';
export { startZipkin } from './zipkin-local.launcher';
export { assertNodeRuntime } from './node-runtime.check';
