import {
  buildKafkaServerProperties,
  buildLog4j2Properties,
  newKafkaClusterId,
  toKafkaImageEnv,
  toPropertiesText,
} from './kafka-server-properties.builder';

function parse(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe(buildKafkaServerProperties.name, () => {
  const props = parse(buildKafkaServerProperties({ clientPort: 29092, controllerPort: 29093, logDir: '/state/kafka/data' }));

  it('configures a combined single-node KRaft broker on loopback', () => {
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.bootstrap.servers': '127.0.0.1:29093',
      listeners: 'PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:29092',
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'log.dirs': '/state/kafka/data',
    });
  });

  it('sizes internal topics for one broker and leaves topic creation to the platform', () => {
    expect(props).toMatchObject({
      'auto.create.topics.enable': 'false',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'share.coordinator.state.topic.replication.factor': '1',
      'share.coordinator.state.topic.min.isr': '1',
      'min.insync.replicas': '1',
      'group.initial.rebalance.delay.ms': '0',
      'num.partitions': '3',
    });
  });

  it('escapes backslashes, which java.util.Properties would swallow', () => {
    expect(toPropertiesText({ 'log.dirs': 'C:\\state\\kafka' })).toContain('log.dirs=C:\\\\state\\\\kafka');
  });
});

describe(`${buildKafkaServerProperties.name} with security`, () => {
  const security = {
    keystoreFile: '/tls/broker-keystore.pem',
    caFile: '/tls/ca.pem',
    brokerCertificateSubject: 'CN=kafka-local-broker',
    superUser: { username: 'admin', password: 'secret-1' },
  };
  const props = parse(buildKafkaServerProperties({ clientPort: 29092, controllerPort: 29093, logDir: '/state/kafka/data', security }));

  it('has no plaintext listener: clients on SASL_SSL, the controller on mutual TLS', () => {
    expect(props).toMatchObject({
      listeners: 'SASL_SSL://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093',
      'advertised.listeners': 'SASL_SSL://127.0.0.1:29092',
      'listener.security.protocol.map': 'SASL_SSL:SASL_SSL,CONTROLLER:SSL',
      'inter.broker.listener.name': 'SASL_SSL',
      'listener.name.controller.ssl.client.auth': 'required',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': '/tls/broker-keystore.pem',
      'ssl.truststore.location': '/tls/ca.pem',
    });
    expect(Object.values(props).join('\n')).not.toContain('PLAINTEXT');
  });

  it('offers SCRAM-SHA-512 only, and logs the broker in as the super user', () => {
    expect(props['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512');
    expect(props['sasl.mechanism.inter.broker.protocol']).toBe('SCRAM-SHA-512');
    expect(props['listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="secret-1";',
    );
  });

  it('enforces ACLs, denying what none allows, with the super user and the broker itself as super users', () => {
    expect(props).toMatchObject({
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'allow.everyone.if.no.acl.found': 'false',
      'super.users': 'User:admin;User:CN=kafka-local-broker',
    });
  });

  it.each(['pass"word', 'pass,word', 'pass word'])('refuses a password that would need quoting (%s)', (password) => {
    expect(() => buildKafkaServerProperties({ clientPort: 1, controllerPort: 2, logDir: '/d', security: { ...security, superUser: { username: 'admin', password } } })).toThrow(/password/);
  });
});

describe(toKafkaImageEnv.name, () => {
  it("maps property names the way the apache/kafka image maps them back", () => {
    expect(
      toKafkaImageEnv({
        'offsets.topic.replication.factor': '1',
        'some-dashed.key': 'a',
        'under_scored.key': 'b',
      }),
    ).toEqual({
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SOME__DASHED_KEY: 'a',
      KAFKA_UNDER___SCORED_KEY: 'b',
    });
  });
});

describe(buildLog4j2Properties.name, () => {
  it('logs to stdout at the requested level', () => {
    const text = buildLog4j2Properties('WARN');
    expect(text).toContain('appender.out.type = Console');
    expect(text).toContain('rootLogger.level = WARN');
  });
});

describe(newKafkaClusterId.name, () => {
  it('makes 22-character URL-safe ids', () => {
    expect(newKafkaClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });

  it("draws again when an id would start with '-' and be read as an option", () => {
    const draws = [Buffer.alloc(16, 0xfb), Buffer.alloc(16, 0x11)];
    const id = newKafkaClusterId(() => draws.shift()!);
    expect(Buffer.alloc(16, 0xfb).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x11).toString('base64url'));
  });

  it("draws again for Kafka's reserved all-zero id", () => {
    const draws = [Buffer.alloc(16, 0), Buffer.alloc(16, 0x22)];
    expect(newKafkaClusterId(() => draws.shift()!)).toBe(Buffer.alloc(16, 0x22).toString('base64url'));
  });
});
