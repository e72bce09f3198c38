import { randomBytes } from 'node:crypto';

/**
 * Broker settings shared by the local launcher and the container, so that both behave alike
 * for the platform: topics are created explicitly, and Kafka's internal topics fit a single
 * broker (their default replication factor of 3 makes group coordination fail on one node).
 */
export const SINGLE_NODE_BROKER_SETTINGS: Readonly<Record<string, string>> = {
  'auto.create.topics.enable': 'false',
  'num.partitions': '3',
  'default.replication.factor': '1',
  'min.insync.replicas': '1',
  'offsets.topic.replication.factor': '1',
  // Fewer coordinator partitions than the default 50: the first group join and the first
  // transaction wait until all of them are loaded, which is most of a cold start's delay.
  'offsets.topic.num.partitions': '5',
  'transaction.state.log.replication.factor': '1',
  'transaction.state.log.min.isr': '1',
  'transaction.state.log.num.partitions': '5',
  'share.coordinator.state.topic.replication.factor': '1',
  'share.coordinator.state.topic.min.isr': '1',
  'share.coordinator.state.topic.num.partitions': '5',
  'group.initial.rebalance.delay.ms': '0',
};

export interface LocalBrokerConfig {
  clientPort: number;
  controllerPort: number;
  logDir: string;
  /** What clients are told to connect to, if not clientPort (a proxy in front of the broker). */
  advertisedClientPort?: number;
  /** Absent: plaintext without authorisation, as compose and the launcher run it. */
  security?: BrokerSecurity;
}

/** The only SASL mechanism a secure local broker offers: the one deploy/k8s configures. */
export const BROKER_SASL_MECHANISM = 'SCRAM-SHA-512';

/**
 * What a broker needs to run the way deploy/k8s expects its cluster to: clients on SASL_SSL
 * with SCRAM-SHA-512, and every request checked against ACLs.
 */
export interface BrokerSecurity {
  /** PEM file: the broker's unencrypted PKCS#8 private key, then its certificate chain. */
  keystoreFile: string;
  /** PEM file of the CA that signed the broker's certificate. */
  caFile: string;
  /**
   * The broker's certificate subject as Kafka's default principal builder names it
   * (`CN=…`). The broker reaches its own controller over mutual TLS under that name, which
   * must be a super user: the controller authorises broker registration like any request.
   */
  brokerCertificateSubject: string;
  /**
   * The super user (`super.users`), whose SCRAM credential is written into the metadata log
   * at format time: without one, nobody could log in to create the other users.
   */
  superUser: ScramUser;
}

export interface ScramUser {
  username: string;
  /** Letters, digits, '-' and '_' only: it goes unquoted into JAAS and `--add-scram` syntax. */
  password: string;
}

/** server.properties for a combined broker+controller on loopback (single-node KRaft). */
export function buildKafkaServerProperties(config: LocalBrokerConfig): string {
  const { clientPort, controllerPort, logDir, advertisedClientPort = clientPort } = config;
  const settings: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.bootstrap.servers': `127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${clientPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${advertisedClientPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': logDir,
    ...(config.security ? secureListenerSettings(config.security, clientPort, controllerPort, advertisedClientPort) : {}),
    ...SINGLE_NODE_BROKER_SETTINGS,
  };
  return toPropertiesText(settings);
}

/**
 * No plaintext anywhere: clients and the broker itself use SASL_SSL, and the controller
 * listener takes only clients with a certificate of the test CA (the broker's own). ACLs are
 * enforced by KRaft's StandardAuthorizer and deny whatever no ACL allows.
 */
function secureListenerSettings(security: BrokerSecurity, clientPort: number, controllerPort: number, advertisedClientPort: number): Record<string, string> {
  const { username, password } = security.superUser;
  for (const [what, value] of [['username', username], ['password', password]] as const) {
    if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error(`the super user's ${what} may hold only letters, digits, '-' and '_'`);
  }
  const mechanism = BROKER_SASL_MECHANISM.toLowerCase();
  return {
    listeners: `SASL_SSL://127.0.0.1:${clientPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `SASL_SSL://127.0.0.1:${advertisedClientPort}`,
    'inter.broker.listener.name': 'SASL_SSL',
    'listener.security.protocol.map': 'SASL_SSL:SASL_SSL,CONTROLLER:SSL',
    'sasl.enabled.mechanisms': BROKER_SASL_MECHANISM,
    'sasl.mechanism.inter.broker.protocol': BROKER_SASL_MECHANISM,
    [`listener.name.sasl_ssl.${mechanism}.sasl.jaas.config`]: `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`,
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': security.keystoreFile,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': security.caFile,
    'listener.name.controller.ssl.client.auth': 'required',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': `User:${username};User:${security.brokerCertificateSubject}`,
    'allow.everyone.if.no.acl.found': 'false',
  };
}

export function toPropertiesText(settings: Readonly<Record<string, string>>): string {
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${escapePropertyValue(value)}`);
  return `# Generated by @app/local-infra; rewritten on every start.\n${lines.join('\n')}\n`;
}

// java.util.Properties treats backslash as an escape, which matters for Windows-style paths.
function escapePropertyValue(value: string): string {
  return value.replace(/\\/g, '\\\\');
}

/**
 * The apache/kafka image turns KAFKA_* variables into properties: '.' becomes '_',
 * '-' becomes '__' and '_' becomes '___'.
 */
export function toKafkaImageEnv(settings: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    const name = key.replace(/_/g, '___').replace(/-/g, '__').replace(/\./g, '_').toUpperCase();
    env[`KAFKA_${name}`] = value;
  }
  return env;
}

/**
 * log4j2 config for the broker (INFO, so a failed start can be diagnosed) and for the storage
 * tool (WARN: at INFO it dumps the whole KafkaConfig). Properties format, because Kafka's own
 * log4j2.yaml would need jackson-dataformat-yaml on the classpath to be read.
 */
export function buildLog4j2Properties(level: 'INFO' | 'WARN'): string {
  return [
    'status = warn',
    'appender.out.type = Console',
    'appender.out.name = STDOUT',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    `rootLogger.level = ${level}`,
    'rootLogger.appenderRef.out.ref = STDOUT',
    // Per-request and per-partition state logs drown the lines that explain a failure.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.state.name = state.change.logger',
    'logger.state.level = WARN',
    '',
  ].join('\n');
}

/**
 * A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, like Kafka's
 * Uuid.randomUuid(), which saves a JVM start. Ids starting with '-' are rejected, as Kafka
 * does, because the storage tool would read them as an option.
 */
export function newKafkaClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-') && !/^A{21}[AQ]$/.test(id)) return id;
  }
}
