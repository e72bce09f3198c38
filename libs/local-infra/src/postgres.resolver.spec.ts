import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import type { PostgresHandle } from './infra.types';
import { EXISTING_SERVER_URL, resolvePostgres, type PostgresRoutes } from './postgres.resolver';

function handle(source: PostgresHandle['source']): PostgresHandle {
  return { adminUrl: `postgres://${source}`, source, stop: vi.fn(() => Promise.resolve()) };
}

function routes(overrides: Partial<PostgresRoutes> = {}): PostgresRoutes {
  return {
    env: {},
    verifyUrl: vi.fn(() => Promise.resolve()),
    dockerAvailable: vi.fn(() => Promise.resolve(false)),
    startContainer: vi.fn(() => Promise.resolve(handle('testcontainers'))),
    probeExistingServer: vi.fn(() => Promise.resolve(undefined)),
    startPrivateCluster: vi.fn(() => Promise.resolve(handle('local'))),
    ...overrides,
  };
}

describe(resolvePostgres.name, () => {
  it('uses DATABASE_URL when it answers', async () => {
    const r = routes({ env: { DATABASE_URL: 'postgres://u:secret@db:5432/app' }, dockerAvailable: vi.fn(() => Promise.resolve(true)) });
    const result = await resolvePostgres({ stateDir: '/s' }, r);
    expect(result).toMatchObject({ adminUrl: 'postgres://u:secret@db:5432/app', source: 'env' });
    expect(r.dockerAvailable).not.toHaveBeenCalled();
  });

  it('fails on a DATABASE_URL that does not answer, without leaking its password', async () => {
    const r = routes({
      env: { DATABASE_URL: 'postgres://u:secret@db:5432/app' },
      verifyUrl: vi.fn(() => Promise.reject(new Error('timeout expired'))),
    });
    const failure = resolvePostgres({ stateDir: '/s' }, r);
    await expect(failure).rejects.toBeInstanceOf(InfrastructureUnavailableError);
    await expect(failure).rejects.toThrow('PostgreSQL: DATABASE_URL=postgres://u:***@db:5432/app does not answer: timeout expired');
    expect(r.startPrivateCluster).not.toHaveBeenCalled();
  });

  it("prefers Testcontainers over the machine's server when a Docker engine answers", async () => {
    const r = routes({ dockerAvailable: vi.fn(() => Promise.resolve(true)), probeExistingServer: vi.fn(() => Promise.resolve(EXISTING_SERVER_URL)) });
    expect((await resolvePostgres({ stateDir: '/s' }, r)).source).toBe('testcontainers');
    expect(r.probeExistingServer).not.toHaveBeenCalled();
  });

  it('uses the server on 5432 when it lets user postgres in, and never stops it', async () => {
    const r = routes({ probeExistingServer: vi.fn(() => Promise.resolve(EXISTING_SERVER_URL)) });
    const result = await resolvePostgres({ stateDir: '/s', useTestcontainers: false }, r);
    expect(result).toMatchObject({ adminUrl: EXISTING_SERVER_URL, source: 'existing-server' });
    expect(r.dockerAvailable).not.toHaveBeenCalled();
    expect(r.startPrivateCluster).not.toHaveBeenCalled();
    await expect(result.stop()).resolves.toBeUndefined();
  });

  it('creates a private cluster on the default port as the last resort', async () => {
    const r = routes();
    const result = await resolvePostgres({ stateDir: '/s' }, r);
    expect(result.source).toBe('local');
    expect(r.startPrivateCluster).toHaveBeenCalledWith(expect.objectContaining({ stateDir: '/s', port: 55432 }));
  });

  it('passes a chosen postgresPort to the private cluster', async () => {
    const r = routes();
    await resolvePostgres({ stateDir: '/s', postgresPort: 55433 }, r);
    expect(r.startPrivateCluster).toHaveBeenCalledWith(expect.objectContaining({ port: 55433 }));
  });
});
