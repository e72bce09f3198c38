import { isDockerEngineAvailable } from './docker-engine.probe';
import { DEFAULT_KAFKA_PORT, type InfraOptions, type KafkaHandle, type LogFn } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { describeKafkaCluster } from './kafka-cluster.probe';
import { KAFKA_VERSION, defaultKafkaDistDir } from './kafka-distribution.installer';
import { startLocalKafka } from './kafka-local.launcher';
import { startKafkaContainer } from './kafka-testcontainers.launcher';

export type LocalKafkaRequest = Required<Pick<InfraOptions, 'stateDir' | 'kafkaPort' | 'kafkaDistDir'>> & {
  version: string;
  log: LogFn;
};

/** The side effects of each route, injectable so the order of decisions can be unit-tested. */
export interface KafkaRoutes {
  env: Readonly<Record<string, string | undefined>>;
  verifyBrokers: (brokers: string[], timeoutMs: number) => Promise<void>;
  dockerAvailable: (log: LogFn) => Promise<boolean>;
  startContainer: (version: string, log: LogFn) => Promise<KafkaHandle>;
  startLocal: (options: LocalKafkaRequest) => Promise<KafkaHandle>;
}

export const defaultKafkaRoutes: KafkaRoutes = {
  env: process.env,
  verifyBrokers: async (brokers, timeoutMs) => {
    await describeKafkaCluster(brokers, timeoutMs);
  },
  dockerAvailable: isDockerEngineAvailable,
  startContainer: startKafkaContainer,
  startLocal: (options) =>
    startLocalKafka({
      stateDir: options.stateDir,
      kafkaPort: options.kafkaPort,
      distDir: options.kafkaDistDir,
      version: options.version,
      log: options.log,
    }),
};

const ENV_VERIFY_TIMEOUT_MS = 5000;

/**
 * KAFKA_BROKERS, then Testcontainers, then a local JVM broker. An explicit KAFKA_BROKERS
 * that does not answer is an error rather than a reason to start something else: silently
 * testing against a different broker than the one configured would hide the problem.
 */
export async function resolveKafka(options: InfraOptions, routes: KafkaRoutes): Promise<KafkaHandle> {
  const log = options.log ?? (() => undefined);
  const fromEnv = parseBrokerList(routes.env['KAFKA_BROKERS']);
  if (fromEnv.length > 0) {
    try {
      await routes.verifyBrokers(fromEnv, ENV_VERIFY_TIMEOUT_MS);
    } catch (error) {
      throw new InfrastructureUnavailableError(
        'Kafka',
        `KAFKA_BROKERS=${fromEnv.join(',')} does not answer: ${(error as Error).message}`,
      );
    }
    log(`using Kafka from KAFKA_BROKERS (${fromEnv.join(',')})`);
    return { brokers: fromEnv, source: 'env', stop: () => Promise.resolve() };
  }

  if ((options.useTestcontainers ?? true) && (await routes.dockerAvailable(log))) {
    return routes.startContainer(KAFKA_VERSION, log);
  }

  return routes.startLocal({
    stateDir: options.stateDir,
    kafkaPort: options.kafkaPort ?? DEFAULT_KAFKA_PORT,
    kafkaDistDir: options.kafkaDistDir ?? defaultKafkaDistDir(options.stateDir),
    version: KAFKA_VERSION,
    log,
  });
}

export function parseBrokerList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}

/**
 * A Kafka broker for the platform or for tests: KAFKA_BROKERS if set (verified, never
 * stopped by us), else a Testcontainers apache/kafka container when a Docker engine answers,
 * else a local Apache Kafka broker run with the machine's JDK under `<stateDir>/kafka`.
 * Throws InfrastructureUnavailableError when none can be had. Call stop() when done.
 */
export function startKafka(options: InfraOptions): Promise<KafkaHandle> {
  return resolveKafka(options, defaultKafkaRoutes);
}
