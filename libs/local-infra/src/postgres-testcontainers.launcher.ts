import type { LogFn, PostgresHandle } from './infra.types';

/** Official image; its major is the newest the platform is tested against. */
export const POSTGRES_IMAGE = 'postgres:17-alpine';

/**
 * Runs the official postgres image through @testcontainers/postgresql, which waits until the
 * server accepts connections. The superuser is `postgres` on database `postgres`, like the
 * other routes, so adminUrl means the same thing whichever route was taken.
 */
export async function startPostgresContainer(log: LogFn): Promise<PostgresHandle> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  log(`starting ${POSTGRES_IMAGE} with Testcontainers`);
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withDatabase('postgres')
    .withUsername('postgres')
    .withPassword('postgres')
    .start();
  const adminUrl = container.getConnectionUri();
  log(`PostgreSQL container ready on ${container.getHost()}:${container.getPort()}`);
  let stopping: Promise<void> | undefined;
  return {
    adminUrl,
    source: 'testcontainers',
    stop: () => {
      stopping ??= container.stop().then(() => undefined);
      return stopping;
    },
  };
}
