import { serverOptions } from './postgres-private-cluster.launcher';

describe(serverOptions.name, () => {
  it('listens on loopback only, with the socket in our own folder', () => {
    expect(serverOptions('/repo/.state/postgres', 55432)).toBe('-p 55432 -c listen_addresses=127.0.0.1 -k /repo/.state/postgres');
  });

  it('quotes a socket folder for the shell pg_ctl runs postgres through', () => {
    expect(serverOptions("/home/o'neil/my repo/.state/postgres", 55432)).toContain(`-k '/home/o'\\''neil/my repo/.state/postgres'`);
  });

  it('goes TCP-only when the socket path would exceed the OS limit', () => {
    const deep = `/${'d'.repeat(100)}/postgres`;
    expect(serverOptions(deep, 55432)).toBe('-p 55432 -c listen_addresses=127.0.0.1 -c unix_socket_directories=');
  });
});
