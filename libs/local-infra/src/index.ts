export type { InfraOptions, InfraSource, KafkaHandle, LocalKafkaHandle, PostgresHandle, PrivatePostgresHandle, ZipkinHandle, ZipkinOptions } from './infra.types';
export { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
export { startKafka } from './kafka.resolver';
// The fault matrix runs a broker and a cluster of its own, which it crashes and starts again.
export { startLocalKafka } from './kafka-local.launcher';
// A broker secured as deploy/k8s expects its cluster (SASL_SSL, SCRAM, ACLs), for test/security.
export type { BrokerSecurity, ScramUser } from './kafka-server-properties.builder';
export type { KafkaClientSecurity } from './kafka-cluster.probe';
export { createThrowawayBrokerTls, type ThrowawayBrokerTls } from './throwaway-broker-tls';
export { createKafkaToolsHome } from './kafka-tools.home';
export { startPrivatePostgres } from './postgres-private-cluster.launcher';
export { defaultKafkaDistDir, ensureKafkaToolsDistribution, KAFKA_VERSION } from './kafka-distribution.installer';
export { startPostgres } from './postgres.resolver';
export { ensureDatabase } from './database.ensurer';
export { dropDatabasesCommand, localDatabaseName, localStateId, otherStatesDatabases, STATE_DATA_DIRS, STATE_ID_FILE, StatelessDataError } from './local-state';
export { startZipkin } from './zipkin-local.launcher';
export { assertNodeRuntime } from './node-runtime.check';
export { findFreePort } from './net.util';
export { runCommand } from './process.util';
export { LaunchedPlatform } from './launched-platform';
