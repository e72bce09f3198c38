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
