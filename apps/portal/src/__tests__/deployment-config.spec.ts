import { deploymentEnvironments } from '@app/testing';
import { loadConfig } from '@app/platform';
import { intakeUrls, PortalEnvironment } from '../portal-environment';

/**
 * Keeps docker-compose.yml and deploy/k8s in step with the portal's configuration: it has no
 * database or Kafka, so the services' shared suite does not apply, but the same failure it
 * guards against does (a required variable added here and forgotten there).
 */
describe('portal deployment configuration', () => {
  const deployments = deploymentEnvironments('portal');
  const compose = deployments.filter((deployment) => deployment.where.startsWith('docker-compose.yml'));
  const kubernetes = deployments.filter((deployment) => deployment.where.startsWith('deploy/k8s'));

  it('is declared by docker-compose and by Kubernetes', () => {
    expect(compose.map((deployment) => deployment.where)).toEqual(['docker-compose.yml service portal']);
    expect(kubernetes.map((deployment) => deployment.where)).toEqual(['deploy/k8s Deployment portal container portal']);
  });

  it.each(deployments.map((deployment) => [deployment.where, deployment.env] as const))('%s passes the validated configuration', (_where, env) => {
    expect(() => intakeUrls(loadConfig(PortalEnvironment, env))).not.toThrow();
  });

  it('would be refused without its session key, so the check above has teeth', () => {
    const withoutKey = { ...compose[0].env };
    delete withoutKey.SESSION_KEY_FILE;
    expect(() => loadConfig(PortalEnvironment, withoutKey)).toThrow(/SESSION_KEY_FILE/);
  });

  it('serves every intake that compose runs', () => {
    const intakes = deploymentEnvironments('intake').filter((deployment) => deployment.where.startsWith('docker-compose.yml service intake-'));
    const served = intakeUrls(loadConfig(PortalEnvironment, compose[0].env));
    expect([...served.keys()].sort()).toEqual(intakes.map((deployment) => deployment.env.AGENCY_CODE).sort());
  });

  it('logs in over https in Kubernetes, at the issuer the services trust, never over plain HTTP', () => {
    for (const { where, env } of kubernetes) {
      const config = loadConfig(PortalEnvironment, env);
      expect(config.PUBLIC_URL, where).toMatch(/^https:\/\//);
      expect(config.OIDC_ALLOW_HTTP, where).toBe(false);
      expect(config.OIDC_ISSUER, where).toMatch(/^https:\/\//);
    }
  });
});
