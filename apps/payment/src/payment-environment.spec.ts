import { loadConfig } from '@app/platform';
import { PaymentEnvironment } from './payment-environment';
import { PaymentSettings } from './payment-settings';

const BASE = {
  HTTP_PORT: '0',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/payment',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_ISSUER: 'http://127.0.0.1:1',
  AUTH_JWKS_URL: 'http://127.0.0.1:1/.well-known/jwks.json',
  SIGNING_KEY: 'a key',
  SIGNING_KEY_ID: 'test-key-1',
  VAULT_URL: 'http://127.0.0.1:3001',
};
const SANDBOX = { SANDBOX_GATEWAY_URL: 'http://127.0.0.1:3090/', SANDBOX_TMN_CODE: 'ONCEONLY', SANDBOX_HASH_SECRET_FILE: '/run/secrets/sandbox' };

describe(PaymentEnvironment.name, () => {
  it('defaults the order time to live to 15 minutes and the poll to a minute, and reads given ones as numbers', () => {
    const env = loadConfig(PaymentEnvironment, BASE);
    expect([env.ORDER_TTL_MS, env.PENDING_POLL_INTERVAL_MS]).toEqual([900_000, 60_000]);
    const given = loadConfig(PaymentEnvironment, { ...BASE, ORDER_TTL_MS: '5000', PENDING_POLL_INTERVAL_MS: '0' });
    expect([given.ORDER_TTL_MS, given.PENDING_POLL_INTERVAL_MS]).toEqual([5000, 0]);
  });

  it('names each bad variable', () => {
    expect(() => loadConfig(PaymentEnvironment, { ...BASE, VAULT_URL: undefined })).toThrow(/VAULT_URL must be an http\(s\) URL/);
    expect(() => loadConfig(PaymentEnvironment, { ...BASE, PUBLIC_URL: 'payment:3003' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
    expect(() => loadConfig(PaymentEnvironment, { ...BASE, ORDER_TTL_MS: '10' })).toThrow(/ORDER_TTL_MS/);
    expect(() => loadConfig(PaymentEnvironment, { ...BASE, PENDING_POLL_INTERVAL_MS: '-1' })).toThrow(/PENDING_POLL_INTERVAL_MS/);
    expect(() => loadConfig(PaymentEnvironment, { ...BASE, SANDBOX_GATEWAY_URL: 'sandbox' })).toThrow(/SANDBOX_GATEWAY_URL must be an http\(s\) URL/);
  });

  it('asks for the merchant code and the secret file with the sandbox URL', () => {
    expect(() => loadConfig(PaymentEnvironment, { ...BASE, SANDBOX_GATEWAY_URL: SANDBOX.SANDBOX_GATEWAY_URL })).toThrow(
      /(?=.*SANDBOX_TMN_CODE must be)(?=.*SANDBOX_HASH_SECRET_FILE is required)/,
    );
    expect(() => loadConfig(PaymentEnvironment, { ...BASE, ...SANDBOX, SANDBOX_TMN_CODE: 'bad code' })).toThrow(/SANDBOX_TMN_CODE/);
  });

  it('turns the sandbox adapter on only when configured, reading the secret from its file', () => {
    expect(PaymentSettings.from(loadConfig(PaymentEnvironment, BASE)).sandbox).toBeUndefined();
    const settings = PaymentSettings.from(loadConfig(PaymentEnvironment, { ...BASE, ...SANDBOX, PUBLIC_URL: 'https://thanhtoan.example.gov.vn/' }), (path) =>
      path === SANDBOX.SANDBOX_HASH_SECRET_FILE ? 'sandbox-secret-0123456789\n' : '',
    );
    expect(settings.sandbox).toEqual({ url: 'http://127.0.0.1:3090', tmnCode: 'ONCEONLY', hashSecret: 'sandbox-secret-0123456789' });
    expect(settings.publicUrl).toBe('https://thanhtoan.example.gov.vn');
  });

  it('refuses a sandbox secret too short to be one', () => {
    expect(() => PaymentSettings.from(loadConfig(PaymentEnvironment, { ...BASE, ...SANDBOX }), () => 'short')).toThrow(/at least 16 characters/);
  });
});
