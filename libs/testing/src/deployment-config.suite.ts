import { describe, expect, it } from 'vitest';
import { loadConfig, type ServiceEnvironment } from '@app/platform';
import { composeInitDatabases, databaseNameOf, deploymentEnvironments } from './deployment-environments';

type ServiceName = Parameters<typeof deploymentEnvironments>[0];

/**
 * The checks that keep docker-compose.yml and deploy/k8s in step with a single-deployment
 * service's validated configuration: they fail when the code requires a variable that a
 * deployment forgets, or when a deployment borrows another service's database or principal.
 */
export function describeDeploymentConfiguration<E extends ServiceEnvironment>(service: Exclude<ServiceName, 'intake' | 'portal'>, environment: new () => E): void {
  describe(`${service} deployment configuration`, () => {
    const deployments = deploymentEnvironments(service);
    const compose = deployments.filter((deployment) => deployment.where.startsWith('docker-compose.yml'));
    const kubernetes = deployments.filter((deployment) => deployment.where.startsWith('deploy/k8s'));

    it('is declared by docker-compose and by Kubernetes', () => {
      expect(compose.map((deployment) => deployment.where)).toContain(`docker-compose.yml service ${service}`);
      expect(kubernetes.map((deployment) => deployment.where)).toContain(`deploy/k8s Deployment ${service} container ${service}`);
    });

    it.each(deployments.map((deployment) => [deployment.where, deployment.env] as const))('%s passes the validated configuration', (_where, env) => {
      expect(() => loadConfig(environment, env)).not.toThrow();
    });

    it('would be refused without a database, so the checks above have teeth', () => {
      const withoutDatabase = { ...compose[0].env };
      delete withoutDatabase.DATABASE_URL;
      expect(() => loadConfig(environment, withoutDatabase)).toThrow(/DATABASE_URL/);
    });

    it('uses a database the compose PostgreSQL creates', () => {
      const created = composeInitDatabases();
      for (const { env } of compose) expect(created).toContain(databaseNameOf(env.DATABASE_URL));
    });

    it('authenticates to Kafka in Kubernetes as its own principal', () => {
      for (const { env } of kubernetes) {
        expect(env.KAFKA_SASL_MECHANISM).toMatch(/^scram-sha-(256|512)$/);
        expect(env.KAFKA_SASL_USERNAME).toBe(`secret-from-${service}-kafka`);
        expect(env.DATABASE_URL).toContain(`secret-from-${service}-db`);
      }
    });

    it('talks plaintext to the compose broker, and TLS with SCRAM to the cluster in Kubernetes', () => {
      for (const { where, env } of compose) {
        const config = loadConfig(environment, env);
        expect(config.KAFKA_SSL, where).toBe(false);
        expect(config.KAFKA_SASL_MECHANISM, where).toBeUndefined();
      }
      for (const { where, env } of kubernetes) expect(loadConfig(environment, env).KAFKA_SSL, where).toBe(true);
    });
  });
}
