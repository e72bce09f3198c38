import { PLATFORM_TOPICS } from '@app/contracts';
import { createKafka, ensureTopics, generateSigningKey, signingKeyEnv } from '@app/messaging';
import { type Principal } from '@app/platform';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { freshDatabase, ServiceProcess } from '@app/testing';
import type { JourneyPlatform } from './citizen-journey';

export interface ProcessPlatformOptions {
  readonly kafkaBrokers: string[];
  readonly postgresAdminUrl: string;
  /** Agency codes that get an intake deployment each. */
  readonly intakes: readonly string[];
  /** Added to every service's environment (OpenTelemetry exporters, say). */
  readonly env?: Record<string, string>;
}

interface RunningProcess {
  readonly process: ServiceProcess;
  readonly url: string;
  readonly databaseUrl: string;
}

/**
 * The vault and several intakes as the deployables they are: the compiled main.js of each in
 * its own process, migrated and seeded by its own `migrate` and `seed` commands, each with a
 * fresh database. What these tests see is what an operator's processes do.
 */
export class ProcessPlatform implements JourneyPlatform {
  private readonly intakes = new Map<string, RunningProcess>();

  private constructor(
    private readonly issuer: RunningDevIssuer,
    private readonly vaultProcess: RunningProcess,
  ) {}

  static async start(options: ProcessPlatformOptions): Promise<ProcessPlatform> {
    const issuer = await serveDevIssuer();
    await ensureTopics(createKafka({ clientId: 'process-platform', brokers: options.kafkaBrokers }), PLATFORM_TOPICS);
    const common = {
      HTTP_PORT: '0',
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      ...options.env,
    };
    const vault = await deploy('vault', {
      ...common,
      ...signingKeyEnv(await generateSigningKey(`vault-process-${Date.now()}`)),
      DATABASE_URL: await freshDatabase(options.postgresAdminUrl, 'vault_process'),
    });
    const platform = new ProcessPlatform(issuer, vault);
    // The vault seeds the directory (and its topics) first; the intakes have no order among themselves.
    await Promise.all(
      options.intakes.map(async (agency) => {
        // Each intake signs with its own key, registered with the vault before it publishes anything.
        const key = await generateSigningKey(`intake-${agency.toLowerCase()}-process-${Date.now()}`);
        const admin = await issuer.issuer.issue({ role: 'admin', subject: 'process-platform-admin' });
        const registered = await fetch(`${vault.url}/directory/signing-keys/${key.keyId}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ownerKind: 'agency', ownerCode: agency, jwk: key.publicJwk }),
        });
        if (registered.status !== 201) throw new Error(`registering the key of ${agency} answered ${registered.status}: ${await registered.text()}`);
        const env = {
          ...common,
          ...signingKeyEnv(key),
          AGENCY_CODE: agency,
          VAULT_URL: vault.url,
          DATABASE_URL: await freshDatabase(options.postgresAdminUrl, `intake_process_${agency}`),
        };
        platform.intakes.set(agency, await deploy('intake', env));
      }),
    );
    return platform;
  }

  get vault(): { readonly url: string } {
    return this.vaultProcess;
  }

  intake(agency: string): RunningProcess {
    const intake = this.intakes.get(agency);
    if (!intake) throw new Error(`no intake for ${agency} in this platform`);
    return intake;
  }

  token(principal: Principal): Promise<string> {
    return this.issuer.issuer.issue(principal);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.intakes.values(), this.vaultProcess].map(({ process }) => process.kill('SIGTERM')));
    await this.issuer.stop();
  }
}

async function deploy(app: string, env: Record<string, string>): Promise<RunningProcess> {
  for (const command of [['migrate'], ['seed', 'deploy/seed']]) {
    const step = ServiceProcess.start(app, env, command);
    const code = await step.exited;
    if (code !== 0) throw new Error(`${app} ${command[0]} exited with ${code}:\n${step.log.slice(-2_000)}`);
  }
  const process = ServiceProcess.start(app, env);
  await process.waitFor(/ready on http:\/\/\S+/);
  const url = /ready on (http:\/\/[^\s"]+)/.exec(process.log)![1];
  return { process, url, databaseUrl: env.DATABASE_URL };
}
