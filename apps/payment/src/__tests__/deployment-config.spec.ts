import { loadConfig } from '@app/platform';
import { composeInitDatabases, databaseNameOf, deploymentEnvironments } from '@app/testing';
import { PaymentEnvironment } from '../payment-environment';

// Fails when a variable the payment service requires is missing from docker-compose.yml or deploy/k8s.
describe('payment deployment configuration', () => {
  const deployments = deploymentEnvironments('payment');
  const compose = deployments.filter((deployment) => deployment.where.startsWith('docker-compose.yml'));
  const kubernetes = deployments.filter((deployment) => deployment.where.startsWith('deploy/k8s'));

  it('is declared by docker-compose and by Kubernetes', () => {
    expect(compose.map((deployment) => deployment.where)).toContain('docker-compose.yml service payment');
    expect(kubernetes.map((deployment) => deployment.where)).toContain('deploy/k8s Deployment payment container payment');
  });

  it.each(deployments.map((deployment) => [deployment.where, deployment.env] as const))('%s passes the validated configuration', (_where, env) => {
    expect(() => loadConfig(PaymentEnvironment, env)).not.toThrow();
  });

  it('would be refused without a database, so the checks above have teeth', () => {
    const withoutDatabase = { ...compose[0].env };
    delete withoutDatabase.DATABASE_URL;
    expect(() => loadConfig(PaymentEnvironment, withoutDatabase)).toThrow(/DATABASE_URL/);
  });

  it('uses a database the compose PostgreSQL creates', () => {
    const created = composeInitDatabases();
    for (const { env } of compose) expect(created).toContain(databaseNameOf(env.DATABASE_URL));
  });

  it('authenticates to Kafka in Kubernetes as its own principal', () => {
    for (const { env } of kubernetes) {
      expect(env.KAFKA_SASL_MECHANISM).toMatch(/^scram-sha-(256|512)$/);
      expect(env.KAFKA_SASL_USERNAME).toBe('secret-from-payment-kafka');
      expect(env.DATABASE_URL).toContain('secret-from-payment-db');
    }
  });

  it('talks plaintext to the compose broker, and TLS with SCRAM to the cluster in Kubernetes', () => {
    for (const { where, env } of compose) {
      const config = loadConfig(PaymentEnvironment, env);
      expect(config.KAFKA_SSL, where).toBe(false);
      expect(config.KAFKA_SASL_MECHANISM, where).toBeUndefined();
    }
    for (const { where, env } of kubernetes) expect(loadConfig(PaymentEnvironment, env).KAFKA_SSL, where).toBe(true);
  });
});
