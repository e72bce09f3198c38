import { mkdir, rm } from 'node:fs/promises';

import { mostTellingJavaLine, tailFile } from './file-tail.util';
import { withFileLock } from './file-lock.util';
import type { ZipkinHandle, ZipkinOptions } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { spawnJavaServer } from './java-server.process';
import { MIN_JAVA_FOR_ZIPKIN, requireJava } from './java-runtime.probe';
import { findFreePort, isPortOpen } from './net.util';
import { ownProcess, readPidFile } from './owned-process.util';
import { isProcessAlive, processCommandLine, waitForChildExit, waitForPidExit } from './process.util';
import { ZIPKIN_VERSION, defaultZipkinDistDir, ensureZipkinDistribution } from './zipkin-distribution.installer';
import { ZIPKIN_HOST, buildZipkinJavaArgs, zipkinPortFromCommandLine } from './zipkin-server-args.builder';
import { waitForZipkin } from './zipkin-server.probe';
import { zipkinPaths, type ZipkinPaths } from './zipkin-server.paths';

// About 5 s on two cores; the margin is for a machine that is also starting Kafka and PostgreSQL.
const READY_TIMEOUT_MS = 90_000;
// A server left by an earlier run has long finished starting: it answers at once or is broken.
const REUSE_TIMEOUT_MS = 10_000;

/**
 * A Zipkin collector and trace viewer for the platform or for tests: ZIPKIN_URL if set
 * (taken as given and never stopped by us: it may be any Zipkin-compatible collector, which
 * need not serve /health), else Zipkin's server jar run with the machine's JDK, in memory,
 * listening on 127.0.0.1 only. Throws InfrastructureUnavailableError when neither can be had.
 *
 * Lifetime is the Kafka launcher's: the JVM shares this process's process group (Ctrl-C
 * reaches it), a normal exit of Node without stop() sends it SIGTERM, and one that survives
 * Node being killed is found by its pid file and reused by the next start with the same
 * stateDir (on its port when none is asked for), spans and all. Whoever holds the handle owns
 * the server: stop() ends it even when it was reused.
 */
export async function startZipkin(
  options: ZipkinOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ZipkinHandle> {
  const fromEnv = zipkinUrlFromEnv(env);
  if (fromEnv !== undefined) {
    options.log(`using Zipkin from ZIPKIN_URL (${fromEnv})`);
    return zipkinHandle(fromEnv, 'env', () => Promise.resolve());
  }
  return startLocalZipkin(options);
}

/** ZIPKIN_URL without its trailing slashes, or undefined when unset; not an http(s) URL is an error. */
export function zipkinUrlFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = env['ZIPKIN_URL']?.trim();
  if (!raw) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new InfrastructureUnavailableError('Zipkin', `ZIPKIN_URL=${raw} is not an http(s) URL such as http://127.0.0.1:9411`);
  }
  return raw.replace(/\/+$/, '');
}

export function zipkinHandle(url: string, source: ZipkinHandle['source'], stop: () => Promise<void>): ZipkinHandle {
  return { url, spansEndpoint: `${url}/api/v2/spans`, source, stop };
}

async function startLocalZipkin(options: ZipkinOptions): Promise<ZipkinHandle> {
  const { log } = options;
  const requestedPort = options.port ?? 0;
  const paths = zipkinPaths(options.stateDir);

  await requireJava({
    component: 'Zipkin',
    minMajor: MIN_JAVA_FOR_ZIPKIN,
    neededBy: `the local Zipkin ${ZIPKIN_VERSION} server`,
    alternatives: 'set ZIPKIN_URL',
  });
  const jar = await ensureZipkinDistribution({ distDir: defaultZipkinDistDir(options.stateDir), version: ZIPKIN_VERSION, log });
  await mkdir(paths.dir, { recursive: true });

  return withFileLock(paths.lock, 5 * 60_000, async () => {
    const reused = await reuseRunningZipkin(paths, jar, requestedPort, log);
    if (reused) return reused;

    const port = requestedPort === 0 ? await findFreePort(ZIPKIN_HOST) : requestedPort;
    if (await isPortOpen(ZIPKIN_HOST, port)) {
      throw new InfrastructureUnavailableError(
        'Zipkin',
        `port ${ZIPKIN_HOST}:${port} is already in use by another process; set ZIPKIN_URL to use a Zipkin you run, or pick another port (0 picks a free one)`,
      );
    }
    const url = `http://${ZIPKIN_HOST}:${port}`;
    const started = Date.now();
    const child = await spawnJavaServer(paths, buildZipkinJavaArgs({ jar, port, dir: paths.dir }));
    const owned = ownProcess(child.pid!, paths.pidFile, (ms) => waitForChildExit(child, ms));
    try {
      await waitForZipkin(url, {
        timeoutMs: READY_TIMEOUT_MS,
        abortReason: () =>
          child.exitCode !== null || child.signalCode !== null ? `the Zipkin JVM exited (${child.exitCode ?? child.signalCode})` : undefined,
      });
    } catch (error) {
      // Read the log before stopping: shutdown lines would bury the cause.
      const failure = await startFailure(paths, port, (error as Error).message);
      await owned.stop();
      throw failure;
    }
    log(`Zipkin ${ZIPKIN_VERSION} ready on ${url} in ${((Date.now() - started) / 1000).toFixed(1)} s (UI: ${url}/zipkin/, log: ${paths.log})`);
    return zipkinHandle(url, 'local', owned.stop);
  });
}

async function reuseRunningZipkin(paths: ZipkinPaths, jar: string, requestedPort: number, log: ZipkinOptions['log']): Promise<ZipkinHandle | undefined> {
  const pid = await readPidFile(paths.pidFile);
  if (pid === undefined) return undefined;
  const commandLine = isProcessAlive(pid) ? await processCommandLine(pid) : undefined;
  // A pid file outlives reboots; the pid may now belong to anything.
  if (!commandLine?.includes(`-Dlocal-infra.zipkin.dir=${paths.dir}`)) {
    await rm(paths.pidFile, { force: true });
    return undefined;
  }
  const owned = ownProcess(pid, paths.pidFile, (ms) => waitForPidExit(pid, ms));
  const port = zipkinPortFromCommandLine(commandLine);
  const wanted = port === undefined ? undefined : buildZipkinJavaArgs({ jar, port, dir: paths.dir }).join(' ');
  if (wanted === undefined || !commandLine.includes(wanted) || (requestedPort !== 0 && requestedPort !== port)) {
    log(`Zipkin pid ${pid} from an earlier run has other settings; restarting it`);
    await owned.stop();
    return undefined;
  }
  const url = `http://${ZIPKIN_HOST}:${port}`;
  try {
    await waitForZipkin(url, { timeoutMs: REUSE_TIMEOUT_MS, abortReason: () => (isProcessAlive(pid) ? undefined : 'it exited') });
  } catch (error) {
    log(`Zipkin pid ${pid} from an earlier run does not serve (${(error as Error).message}); restarting it`);
    await owned.stop();
    return undefined;
  }
  log(`reusing Zipkin pid ${pid} on ${url} from an earlier run`);
  return zipkinHandle(url, 'local', owned.stop);
}

async function startFailure(paths: ZipkinPaths, port: number, reason: string): Promise<InfrastructureUnavailableError> {
  // Spring Boot's stack traces are long and their root cause comes last.
  const tail = await tailFile(paths.log, 80);
  const telling = mostTellingJavaLine(tail);
  return new InfrastructureUnavailableError(
    'Zipkin',
    `local server on ${ZIPKIN_HOST}:${port} failed to start: ${reason}${telling ? `; its log says: ${telling}` : ''} (log: ${paths.log})`,
    tail,
  );
}
