import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { tailFile, mostTellingLine } from './file-tail.util';
import { withFileLock } from './file-lock.util';
import type { LogFn, PrivatePostgresHandle } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { isPortOpen } from './net.util';
import { findPostgresBinDir } from './postgres-binaries.locator';
import { verifyPostgres } from './postgres-connection.probe';
import { CommandNotFoundError, onProcessExit, runCommand, shellQuote, type CommandResult } from './process.util';

export interface PrivateClusterOptions {
  stateDir: string;
  port: number;
  log: LogFn;
}

const COMPONENT = 'PostgreSQL';
const OS_USER = 'postgres';
// sun_path is 104 bytes on macOS and 108 on Linux, terminator included.
const MAX_SOCKET_PATH = 103;

interface ClusterPaths {
  stateDir: string;
  dir: string;
  dataDir: string;
  log: string;
  lock: string;
}

/**
 * A PostgreSQL cluster of our own under `<stateDir>/postgres`, made with the system's initdb
 * and run with pg_ctl, listening on 127.0.0.1 only, with trust auth (dev data, loopback).
 *
 * initdb and postgres refuse to run as root, so as root every server command runs as the
 * `postgres` OS user through runuser, in a folder that user owns.
 *
 * Lifetime: pg_ctl detaches the postmaster into its own session, so Ctrl-C does not reach
 * it; a normal exit of Node without stop() asks it for a fast shutdown, and a cluster left
 * running by a killed process is found and reused by the next start with the same stateDir.
 */
export async function startPrivatePostgres(options: PrivateClusterOptions): Promise<PrivatePostgresHandle> {
  const { port, log } = options;
  const paths = clusterPaths(options.stateDir);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const existingMajor = await readMajorVersion(paths.dataDir);
  const binDir = findPostgresBinDir(existingMajor);
  if (!binDir) {
    throw new InfrastructureUnavailableError(
      COMPONENT,
      'no initdb found on PATH or in /usr/lib/postgresql/*/bin to create a private cluster; install the PostgreSQL server package, start a Docker engine, or set DATABASE_URL',
    );
  }
  const server = await serverRunner(binDir, paths.dir);
  await prepareClusterDir(paths, server.asRoot);

  return withFileLock(paths.lock, 5 * 60_000, async () => {
    const dataDirReady = existsSync(join(paths.dataDir, 'PG_VERSION'));
    if (dataDirReady && (await server.run('pg_ctl', ['status', '-D', paths.dataDir])).code === 0) {
      try {
        await verifyPostgres(adminUrl, 3000);
        log(`reusing the private PostgreSQL cluster on 127.0.0.1:${port} from an earlier run`);
        return handle(server, paths, adminUrl);
      } catch (error) {
        log(`private cluster in ${paths.dataDir} runs but does not answer on port ${port} (${(error as Error).message}); restarting it`);
        await server.run('pg_ctl', ['-D', paths.dataDir, '-m', 'fast', '-w', 'stop']);
      }
    }
    if (!dataDirReady) await initCluster(server, paths, log);

    if (await isPortOpen('127.0.0.1', port)) {
      throw new InfrastructureUnavailableError(
        COMPONENT,
        `port 127.0.0.1:${port} is already in use by another process; pick another postgresPort or set DATABASE_URL`,
      );
    }
    const started = Date.now();
    const result = await server.run('pg_ctl', [
      '-D',
      paths.dataDir,
      '-l',
      paths.log,
      '-w',
      '-t',
      '60',
      '-o',
      serverOptions(paths.dir, port),
      'start',
    ]);
    if (result.code !== 0) throw await startFailure(paths, port, result);
    await verifyPostgres(adminUrl, 5000);
    log(`private PostgreSQL cluster ready on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s (data: ${paths.dataDir})`);
    return handle(server, paths, adminUrl);
  });
}

function clusterPaths(stateDir: string): ClusterPaths {
  const absolute = resolve(stateDir);
  const dir = join(absolute, 'postgres');
  return {
    stateDir: absolute,
    dir,
    dataDir: join(dir, 'data'),
    log: join(dir, 'server.log'),
    // Beside, not inside, the cluster folder: as root that folder belongs to postgres.
    lock: join(absolute, 'postgres.start.lock'),
  };
}

/** postgres options for pg_ctl -o, which pg_ctl passes through /bin/sh. */
export function serverOptions(socketDir: string, port: number): string {
  const socketPath = join(socketDir, `.s.PGSQL.${port}`);
  // A socket in our own folder keeps the cluster from touching /var/run/postgresql, but a deep
  // stateDir can exceed the socket path limit; then TCP alone, which is all we connect with.
  const socketOption =
    Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH ? `-k ${shellQuote(socketDir)}` : '-c unix_socket_directories=';
  return `-p ${port} -c listen_addresses=127.0.0.1 ${socketOption}`;
}

interface ServerRunner {
  asRoot: boolean;
  run(tool: 'initdb' | 'pg_ctl', args: string[]): Promise<CommandResult>;
}

async function serverRunner(binDir: string, cwd: string): Promise<ServerRunner> {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const user = await runCommand('id', ['-u', OS_USER]).catch(() => undefined);
    if (!user || user.code !== 0) {
      throw new InfrastructureUnavailableError(
        COMPONENT,
        `running as root, but there is no '${OS_USER}' OS user to run initdb as (initdb refuses root); create one or set DATABASE_URL`,
      );
    }
  }
  return {
    asRoot,
    run: async (tool, args) => {
      const executable = join(binDir, tool);
      try {
        // cwd inside the cluster folder: the postgres user may not be allowed into ours.
        return asRoot
          ? await runCommand('runuser', ['-u', OS_USER, '--', executable, ...args], { cwd, timeoutMs: 120_000 })
          : await runCommand(executable, args, { cwd, timeoutMs: 120_000 });
      } catch (error) {
        if (error instanceof CommandNotFoundError) {
          throw new InfrastructureUnavailableError(COMPONENT, `cannot run ${error.command} to manage the private cluster; set DATABASE_URL`);
        }
        throw error;
      }
    },
  };
}

async function prepareClusterDir(paths: ClusterPaths, asRoot: boolean): Promise<void> {
  await mkdir(paths.stateDir, { recursive: true });
  if (!asRoot) {
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    return;
  }
  // The postgres user must be able to walk down to its folder. stateDir is ours to open up
  // (traverse only, mkdtemp makes it 0700); folders above it are the user's to fix.
  const stateMode = (await stat(paths.stateDir)).mode;
  if ((stateMode & 0o001) === 0) await chmod(paths.stateDir, (stateMode & 0o7777) | 0o001);
  for (let dir = dirname(paths.stateDir); ; dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) {
      throw new InfrastructureUnavailableError(
        COMPONENT,
        `the '${OS_USER}' user cannot reach ${paths.dir} because ${dir} is not searchable by others (chmod o+x it, or use a stateDir elsewhere, or set DATABASE_URL)`,
      );
    }
    if (dirname(dir) === dir) break;
  }
  const made = await runCommand('install', ['-d', '-o', OS_USER, '-m', '700', paths.dir]);
  if (made.code !== 0) {
    throw new InfrastructureUnavailableError(COMPONENT, `could not create ${paths.dir} for the '${OS_USER}' user: ${made.stderr.trim()}`);
  }
}

async function initCluster(server: ServerRunner, paths: ClusterPaths, log: LogFn): Promise<void> {
  // A data folder without PG_VERSION is what an interrupted initdb leaves; initdb refuses it.
  await rm(paths.dataDir, { recursive: true, force: true });
  log(`creating a private PostgreSQL cluster in ${paths.dataDir}`);
  const result = await server.run('initdb', ['-D', paths.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    throw new InfrastructureUnavailableError(COMPONENT, `initdb failed in ${paths.dataDir}: ${mostTellingLine(output)}`, output);
  }
}

async function readMajorVersion(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'PG_VERSION'), 'utf8').catch(() => undefined);
  const major = Number(text?.trim());
  return Number.isInteger(major) && major > 0 ? major : undefined;
}

/** The postmaster's pid, the first line of postmaster.pid. */
function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function handle(server: ServerRunner, paths: ClusterPaths, adminUrl: string): PrivatePostgresHandle {
  const postmasterPid = readPostmasterPid(paths.dataDir);
  // Exit hooks must be synchronous, so no pg_ctl here: SIGINT is postgres's fast shutdown.
  const removeExitHook = postmasterPid ? onProcessExit(() => process.kill(postmasterPid, 'SIGINT')) : () => undefined;
  let stopping: Promise<void> | undefined;
  return {
    adminUrl,
    source: 'local',
    stop: () => {
      stopping ??= (async () => {
        removeExitHook();
        const result = await server.run('pg_ctl', ['-D', paths.dataDir, '-m', 'fast', '-w', 'stop']);
        // 1 with "is the server running?" means it is already down, which is what we want.
        if (result.code !== 0 && !/server running\?|No such file/i.test(`${result.stdout}${result.stderr}`)) {
          throw new InfrastructureUnavailableError(COMPONENT, `pg_ctl stop failed: ${mostTellingLine(`${result.stdout}\n${result.stderr}`)}`);
        }
      })();
      return stopping;
    },
    crash: async () => {
      removeExitHook();
      const result = await server.run('pg_ctl', ['-D', paths.dataDir, '-m', 'immediate', '-w', 'stop']);
      if (result.code !== 0) throw new InfrastructureUnavailableError(COMPONENT, `pg_ctl stop -m immediate failed: ${mostTellingLine(`${result.stdout}\n${result.stderr}`)}`);
    },
  };
}

async function startFailure(paths: ClusterPaths, port: number, result: CommandResult): Promise<InfrastructureUnavailableError> {
  const tail = await tailFile(paths.log, 30);
  const telling = mostTellingLine(tail) || mostTellingLine(`${result.stdout}\n${result.stderr}`);
  return new InfrastructureUnavailableError(
    COMPONENT,
    `private cluster on 127.0.0.1:${port} failed to start (pg_ctl exit ${result.code}): ${telling} (log: ${paths.log})`,
    `${result.stdout}\n${result.stderr}\n${tail}`.trim(),
  );
}
