import { ConfigError, loadConfig } from './load-config';
import { KafkaEnvironment, ServiceEnvironment, signingSettings } from './service-environment';

const valid = {
  HTTP_PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vault',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  AUTH_ISSUER: 'http://127.0.0.1:3000',
  AUTH_JWKS_URL: 'http://127.0.0.1:3000/.well-known/jwks.json',
  // Validated for presence here; parsed (and refused when unusable) when the service starts.
  SIGNING_KEY: 'a key',
  SIGNING_KEY_ID: 'test-key-1',
};

describe(loadConfig.name, () => {
  it('converts and defaults values', () => {
    const env = loadConfig(ServiceEnvironment, valid);
    expect(env.HTTP_PORT).toBe(3001);
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(env.KAFKA_CONNECT_TIMEOUT_MS).toBe(10_000);
    expect(env.HTTP_HOST).toBe('127.0.0.1');
    expect(env.KAFKA_SSL).toBe(false);
  });

  it('names every bad or missing variable', () => {
    expect(() => loadConfig(ServiceEnvironment, { ...valid, DATABASE_URL: 'mysql://x', HTTP_PORT: 'eighty', AUTH_ISSUER: undefined })).toThrow(
      ConfigError,
    );
    try {
      loadConfig(ServiceEnvironment, { ...valid, DATABASE_URL: 'mysql://x', HTTP_PORT: 'eighty', AUTH_ISSUER: undefined });
    } catch (error) {
      expect((error as Error).message).toMatch(/DATABASE_URL/);
      expect((error as Error).message).toMatch(/HTTP_PORT/);
      expect((error as Error).message).toMatch(/AUTH_ISSUER/);
    }
  });

  it('needs a signing key, inline or as a file, and a well-formed key id', () => {
    const withoutKey: Record<string, string> = { ...valid };
    delete withoutKey.SIGNING_KEY;
    expect(() => loadConfig(ServiceEnvironment, withoutKey)).toThrow(/SIGNING_KEY \(or SIGNING_KEY_FILE\)/);
    expect(loadConfig(ServiceEnvironment, { ...withoutKey, SIGNING_KEY_FILE: '/keys/vault.key' }).SIGNING_KEY_FILE).toBe('/keys/vault.key');
    expect(() => loadConfig(ServiceEnvironment, { ...valid, SIGNING_KEY_ID: 'no spaces allowed' })).toThrow(/SIGNING_KEY_ID/);
    expect(() => signingSettings(loadConfig(ServiceEnvironment, { ...withoutKey, SIGNING_KEY_FILE: '/nonexistent/key' }))).toThrow(/^SIGNING_KEY_FILE \/nonexistent\/key cannot be read/);
  });

  it('reads KAFKA_SSL as the word it is', () => {
    expect(loadConfig(KafkaEnvironment, { KAFKA_BROKERS: 'k:9092', KAFKA_SSL: 'false' }).KAFKA_SSL).toBe(false);
    expect(loadConfig(KafkaEnvironment, { KAFKA_BROKERS: 'k:9092', KAFKA_SSL: 'true' }).KAFKA_SSL).toBe(true);
    expect(loadConfig(KafkaEnvironment, { KAFKA_BROKERS: 'k:9092' }).KAFKA_SSL).toBe(false);
  });

  it('requires SCRAM credentials only when a mechanism is set', () => {
    expect(() => loadConfig(KafkaEnvironment, { KAFKA_BROKERS: 'k:9092' })).not.toThrow();
    expect(() => loadConfig(KafkaEnvironment, { KAFKA_BROKERS: 'k:9092', KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(/KAFKA_SASL_USERNAME/);
    expect(() => loadConfig(KafkaEnvironment, { KAFKA_BROKERS: 'k:9092', KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });
});
