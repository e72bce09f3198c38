import request from 'supertest';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type RunningService } from '@app/platform';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { FakeVault } from '@app/testing';
import { eventually, freshDatabase, providedInfrastructure } from '@app/testing';
import { generateSigningKey, signingKeyEnv } from '@app/messaging';
import { PaymentEnvironment } from '../payment-environment';
import { paymentService } from '../payment.service-definition';

describe('service HTTP surface (payment)', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  let issuer: RunningDevIssuer;
  let service: RunningService;
  let vault: FakeVault;

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    const env = loadConfig(PaymentEnvironment, {
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'payment_http'),
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      VAULT_URL: vault.url,
      ...signingKeyEnv(await generateSigningKey('payment-http-test')),
    });
    await runMigrations(databaseSettings(paymentService.infrastructure(env)));
    service = await startService(paymentService, env);
  });

  afterAll(async () => {
    await service?.stop();
    await issuer?.stop();
    await vault?.stop();
  });

  it('answers liveness without a token', async () => {
    const response = await request(service.url).get('/health/live').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
  });

  it('is ready once PostgreSQL and Kafka answer and it has read the payment requests already on its topic', async () => {
    // A new deployment reads the requests published before it started: ready only after that.
    const response = await eventually(async () => request(service.url).get('/health/ready').expect(200), 90_000, 500);
    expect(response.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, kafka: { status: 'up', brokers: 1 }, events: { status: 'up' } } });
  });

  it('publishes its OpenAPI document', async () => {
    const response = await request(service.url).get('/docs-json').expect(200);
    expect(response.body).toMatchObject({ info: { title: 'Payment' }, components: { securitySchemes: { bearer: { type: 'http' } } } });
  });

  it('answers an unknown route with a stable error code and a sentence', async () => {
    const response = await request(service.url).get('/no-such-route').expect(404);
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});
