import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import type { KafkaHandle } from './infra.types';
import { KAFKA_VERSION } from './kafka-distribution.installer';
import { parseBrokerList, resolveKafka, type KafkaRoutes } from './kafka.resolver';

function handle(source: KafkaHandle['source'], brokers = ['b:1']): KafkaHandle {
  return { brokers, source, stop: vi.fn(() => Promise.resolve()) };
}

function routes(overrides: Partial<KafkaRoutes> = {}): KafkaRoutes {
  return {
    env: {},
    verifyBrokers: vi.fn(() => Promise.resolve()),
    dockerAvailable: vi.fn(() => Promise.resolve(false)),
    startContainer: vi.fn(() => Promise.resolve(handle('testcontainers'))),
    startLocal: vi.fn(() => Promise.resolve(handle('local'))),
    ...overrides,
  };
}

describe(resolveKafka.name, () => {
  it('uses KAFKA_BROKERS when they answer, without starting anything', async () => {
    const r = routes({ env: { KAFKA_BROKERS: ' k1:9092, k2:9092 ,' }, dockerAvailable: vi.fn(() => Promise.resolve(true)) });
    const result = await resolveKafka({ stateDir: '/s' }, r);
    expect(result.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(result.source).toBe('env');
    expect(r.verifyBrokers).toHaveBeenCalledWith(['k1:9092', 'k2:9092'], expect.any(Number));
    expect(r.dockerAvailable).not.toHaveBeenCalled();
    expect(r.startLocal).not.toHaveBeenCalled();
    await expect(result.stop()).resolves.toBeUndefined();
  });

  it('fails, rather than starting another broker, when KAFKA_BROKERS does not answer', async () => {
    const r = routes({ env: { KAFKA_BROKERS: 'k1:9092' }, verifyBrokers: vi.fn(() => Promise.reject(new Error('ECONNREFUSED'))) });
    const failure = resolveKafka({ stateDir: '/s' }, r);
    await expect(failure).rejects.toBeInstanceOf(InfrastructureUnavailableError);
    await expect(failure).rejects.toThrow('Kafka: KAFKA_BROKERS=k1:9092 does not answer: ECONNREFUSED');
    expect(r.startLocal).not.toHaveBeenCalled();
  });

  it('prefers Testcontainers when a Docker engine answers', async () => {
    const r = routes({ dockerAvailable: vi.fn(() => Promise.resolve(true)) });
    const result = await resolveKafka({ stateDir: '/s' }, r);
    expect(result.source).toBe('testcontainers');
    expect(r.startContainer).toHaveBeenCalledWith(KAFKA_VERSION, expect.any(Function));
    expect(r.startLocal).not.toHaveBeenCalled();
  });

  it('does not even ask for Docker when useTestcontainers is false', async () => {
    const r = routes({ dockerAvailable: vi.fn(() => Promise.resolve(true)) });
    const result = await resolveKafka({ stateDir: '/s', useTestcontainers: false }, r);
    expect(result.source).toBe('local');
    expect(r.dockerAvailable).not.toHaveBeenCalled();
  });

  it('falls back to the local broker with default port and shared jar cache', async () => {
    const r = routes();
    const result = await resolveKafka({ stateDir: '/repo/.state/test' }, r);
    expect(result.source).toBe('local');
    expect(r.startLocal).toHaveBeenCalledWith(
      expect.objectContaining({ stateDir: '/repo/.state/test', kafkaPort: 9092, kafkaDistDir: '/repo/.state/kafka-dist', version: KAFKA_VERSION }),
    );
  });

  it('passes the chosen port and jar cache on', async () => {
    const r = routes();
    await resolveKafka({ stateDir: '/tmp/x', kafkaPort: 29092, kafkaDistDir: '/cache' }, r);
    expect(r.startLocal).toHaveBeenCalledWith(expect.objectContaining({ kafkaPort: 29092, kafkaDistDir: '/cache' }));
  });

  it("lets the local launcher's error through unchanged", async () => {
    const error = new InfrastructureUnavailableError('Kafka', "no 'java' on PATH");
    const r = routes({ startLocal: vi.fn(() => Promise.reject(error)) });
    await expect(resolveKafka({ stateDir: '/s' }, r)).rejects.toBe(error);
  });
});

describe(parseBrokerList.name, () => {
  it('treats unset and blank as no brokers', () => {
    expect(parseBrokerList(undefined)).toEqual([]);
    expect(parseBrokerList(' , ')).toEqual([]);
  });
});
