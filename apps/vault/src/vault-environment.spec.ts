import { ConfigError, loadConfig } from '@app/platform';
import { VaultEnvironment } from './vault-environment';

const required = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vault',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_ISSUER: 'http://127.0.0.1:3000',
  AUTH_JWKS_URL: 'http://127.0.0.1:3000/.well-known/jwks.json',
  // Validated for presence here; parsed (and refused when unusable) when the service starts.
  SIGNING_KEY: 'a key',
  SIGNING_KEY_ID: 'test-key-1',
};

describe(VaultEnvironment.name, () => {
  it('defaults to 10 MB uploads, a sweep and an availability audit a minute, and port 3001', () => {
    const env = loadConfig(VaultEnvironment, required);
    expect(env).toMatchObject({ MAX_UPLOAD_BYTES: 10_485_760, EXPIRY_SWEEP_INTERVAL_MS: 60_000, AVAILABILITY_AUDIT_INTERVAL_MS: 60_000, HTTP_PORT: 3001 });
  });

  it('reads its settings from the environment as integers', () => {
    const env = loadConfig(VaultEnvironment, { ...required, MAX_UPLOAD_BYTES: '2048', EXPIRY_SWEEP_INTERVAL_MS: '500', AVAILABILITY_AUDIT_INTERVAL_MS: '5000' });
    expect(env).toMatchObject({ MAX_UPLOAD_BYTES: 2048, EXPIRY_SWEEP_INTERVAL_MS: 500, AVAILABILITY_AUDIT_INTERVAL_MS: 5000 });
  });

  it('refuses to start with a nonsensical value, naming the variable', () => {
    expect(() => loadConfig(VaultEnvironment, { ...required, MAX_UPLOAD_BYTES: 'ten megabytes' })).toThrow(ConfigError);
    expect(() => loadConfig(VaultEnvironment, { ...required, EXPIRY_SWEEP_INTERVAL_MS: '0' })).toThrow(/EXPIRY_SWEEP_INTERVAL_MS/);
    expect(() => loadConfig(VaultEnvironment, { ...required, AVAILABILITY_AUDIT_INTERVAL_MS: '10' })).toThrow(/AVAILABILITY_AUDIT_INTERVAL_MS/);
  });
});
