export type { InfraOptions, InfraSource, KafkaHandle, PostgresHandle, ZipkinHandle, ZipkinOptions } from './infra.types';
export { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
export { startKafka } from './kafka.resolver';
export { startPostgres } from './postgres.resolver';
export { ensureDatabase } from './database.ensurer';
export { dropDatabasesCommand, localDatabaseName, localStateId, otherStatesDatabases, STATE_DATA_DIRS, STATE_ID_FILE, StatelessDataError } from './local-state';
export { startZipkin } from './zipkin-local.launcher';
export { assertNodeRuntime } from './node-runtime.check';
export { findFreePort } from './net.util';
