import { isDockerEngineAvailable } from './docker-engine.probe';
import { DEFAULT_POSTGRES_PORT, type InfraOptions, type LogFn, type PostgresHandle } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { redactUrl, verifyPostgres } from './postgres-connection.probe';
import { startPrivatePostgres } from './postgres-private-cluster.launcher';
import { startPostgresContainer } from './postgres-testcontainers.launcher';

/** The machine's own server, used when it lets user postgres in without a password. */
export const EXISTING_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The side effects of each route, injectable so the order of decisions can be unit-tested. */
export interface PostgresRoutes {
  env: Readonly<Record<string, string | undefined>>;
  verifyUrl: (url: string, timeoutMs: number) => Promise<void>;
  dockerAvailable: (log: LogFn) => Promise<boolean>;
  startContainer: (log: LogFn) => Promise<PostgresHandle>;
  /** Resolves the admin URL of a usable server already running, or undefined. */
  probeExistingServer: (log: LogFn) => Promise<string | undefined>;
  startPrivateCluster: (options: { stateDir: string; port: number; log: LogFn }) => Promise<PostgresHandle>;
}

export const defaultPostgresRoutes: PostgresRoutes = {
  env: process.env,
  verifyUrl: verifyPostgres,
  dockerAvailable: isDockerEngineAvailable,
  startContainer: startPostgresContainer,
  probeExistingServer: async (log) => {
    try {
      await verifyPostgres(EXISTING_SERVER_URL, 1500);
      return EXISTING_SERVER_URL;
    } catch (error) {
      log(`no usable PostgreSQL on 127.0.0.1:5432 as user postgres (${(error as Error).message})`);
      return undefined;
    }
  },
  startPrivateCluster: startPrivatePostgres,
};

const ENV_VERIFY_TIMEOUT_MS = 5000;

/**
 * DATABASE_URL, then Testcontainers, then the machine's server on 5432, then a private
 * cluster. A DATABASE_URL that does not answer is an error, not a reason to use another
 * database than the one configured.
 */
export async function resolvePostgres(options: InfraOptions, routes: PostgresRoutes): Promise<PostgresHandle> {
  const log = options.log ?? (() => undefined);
  const fromEnv = routes.env['DATABASE_URL']?.trim();
  if (fromEnv) {
    try {
      await routes.verifyUrl(fromEnv, ENV_VERIFY_TIMEOUT_MS);
    } catch (error) {
      throw new InfrastructureUnavailableError(
        'PostgreSQL',
        `DATABASE_URL=${redactUrl(fromEnv)} does not answer: ${(error as Error).message}`,
      );
    }
    log(`using PostgreSQL from DATABASE_URL (${redactUrl(fromEnv)})`);
    return { adminUrl: fromEnv, source: 'env', stop: () => Promise.resolve() };
  }

  if ((options.useTestcontainers ?? true) && (await routes.dockerAvailable(log))) {
    return routes.startContainer(log);
  }

  const existing = await routes.probeExistingServer(log);
  if (existing) {
    log(`using the PostgreSQL server already running on ${redactUrl(existing)}`);
    return { adminUrl: existing, source: 'existing-server', stop: () => Promise.resolve() };
  }

  return routes.startPrivateCluster({
    stateDir: options.stateDir,
    port: options.postgresPort ?? DEFAULT_POSTGRES_PORT,
    log,
  });
}

/**
 * A PostgreSQL server for the platform or for tests: DATABASE_URL if set (verified), else a
 * Testcontainers postgres container when a Docker engine answers, else the server on
 * 127.0.0.1:5432 if user postgres gets in without a password, else a private cluster under
 * `<stateDir>/postgres` made with the system's initdb. Throws InfrastructureUnavailableError
 * when none can be had. Call stop() when done (a no-op for servers we did not start).
 */
export function startPostgres(options: InfraOptions): Promise<PostgresHandle> {
  return resolvePostgres(options, defaultPostgresRoutes);
}
