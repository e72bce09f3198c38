import { readFileSync } from 'node:fs';
import { agencyCodeSlug } from '@app/contracts';
import { loadConfig } from '@app/platform';
import { composeInitDatabases, databaseNameOf, deploymentEnvironments } from '@app/testing';
import { IntakeEnvironment } from '../intake-environment';

// Fails when a variable the intake requires is missing from docker-compose.yml or deploy/k8s,
// or when an agency's desk is deployed without the procedures, database or principal it needs.
describe('intake deployment configuration', () => {
  const deployments = deploymentEnvironments('intake');
  const compose = deployments.filter((deployment) => deployment.where.startsWith('docker-compose.yml'));
  const composeServices = compose.filter((deployment) => !deployment.where.includes(':'));
  const composeSetup = compose.filter((deployment) => deployment.where.includes(':'));
  const kubernetes = deployments.filter((deployment) => deployment.where.startsWith('deploy/k8s'));

  it('is declared by docker-compose and by Kubernetes, one deployment per agency', () => {
    expect(composeServices.map((deployment) => deployment.env.AGENCY_CODE).sort()).toEqual(['000.00.12.H17', '000.00.12.H26', '000.00.15.H26']);
    expect(kubernetes.filter((deployment) => deployment.where.startsWith('deploy/k8s Deployment')).length).toBeGreaterThan(0);
  });

  it.each(deployments.map((deployment) => [deployment.where, deployment.env] as const))('%s passes the validated configuration', (_where, env) => {
    expect(() => loadConfig(IntakeEnvironment, env)).not.toThrow();
  });

  it('would be refused without an agency code, so the checks above have teeth', () => {
    const withoutAgency = { ...composeServices[0].env };
    delete withoutAgency.AGENCY_CODE;
    expect(() => loadConfig(IntakeEnvironment, withoutAgency)).toThrow(/AGENCY_CODE/);
  });

  it('serves in compose only agencies that offer procedures in the seed data', () => {
    const seed = JSON.parse(readFileSync('deploy/seed/procedures.json', 'utf8')) as { procedures: { agencies: string[] }[] };
    const offering = new Set(seed.procedures.flatMap((procedure) => procedure.agencies));
    for (const { where, env } of composeServices) expect(offering.has(env.AGENCY_CODE), `${where} serves ${env.AGENCY_CODE}`).toBe(true);
  });

  it('migrates and seeds, in compose, the very database each agency desk serves from', () => {
    const created = composeInitDatabases();
    for (const { env } of composeServices) {
      expect(created).toContain(databaseNameOf(env.DATABASE_URL));
      const steps = composeSetup.filter((step) => step.env.AGENCY_CODE === env.AGENCY_CODE);
      expect(steps.map((step) => step.where.replace(/.*: intake (\w+).*/, '$1')).sort()).toEqual(['migrate', 'seed']);
      for (const step of steps) expect(step.env.DATABASE_URL).toBe(env.DATABASE_URL);
    }
  });

  it('gives each agency in Kubernetes its own database and Kafka principal', () => {
    for (const { where, env } of kubernetes) {
      const own = `intake-${agencyCodeSlug(env.AGENCY_CODE)}`;
      expect(env.KAFKA_SASL_MECHANISM, where).toMatch(/^scram-sha-(256|512)$/);
      expect(env.KAFKA_SASL_USERNAME, where).toBe(`secret-from-${own}-kafka`);
      expect(env.DATABASE_URL, where).toContain(`secret-from-${own}-db`);
    }
  });

  it('gives every serving desk its public address and its own agency identity to sign results with', () => {
    const serving = [...composeServices, ...kubernetes.filter((deployment) => deployment.where.startsWith('deploy/k8s Deployment'))];
    for (const { where, env } of serving) {
      const config = loadConfig(IntakeEnvironment, env);
      expect(config.PUBLIC_URL, where).toMatch(/^https?:\/\//);
      expect(config.RESULT_SIGNING_P12_FILE, where).toMatch(/\.p12$/);
      expect(config.RESULT_SIGNING_P12_PASSWORD_FILE, where).toBeDefined();
    }
    // Results' links and QR codes open the portal's public check, where the browser is.
    const [portal] = deploymentEnvironments('portal').filter((deployment) => deployment.where.startsWith('docker-compose.yml'));
    for (const { where, env } of composeServices) {
      expect(env.RESULT_SIGNING_P12_FILE, where).toBe(`/pki/agencies/${env.AGENCY_CODE}.p12`);
      expect(env.PUBLIC_URL, where).toBe(portal.env.PUBLIC_URL);
    }
  });

  it('talks plaintext to the compose broker, and TLS with SCRAM to the cluster in Kubernetes', () => {
    for (const { where, env } of compose) {
      const config = loadConfig(IntakeEnvironment, env);
      expect(config.KAFKA_SSL, where).toBe(false);
      expect(config.KAFKA_SASL_MECHANISM, where).toBeUndefined();
    }
    for (const { where, env } of kubernetes) expect(loadConfig(IntakeEnvironment, env).KAFKA_SSL, where).toBe(true);
  });
});
