import type { ChildProcess } from 'node:child_process';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { mostTellingLine, tailFile } from './file-tail.util';
import { withFileLock } from './file-lock.util';
import type { LocalKafkaHandle, LogFn } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { requireJavaForKafka } from './java-runtime.probe';
import { waitForKafka, warmUpKafkaCoordinators, type KafkaClientSecurity } from './kafka-cluster.probe';
import { ensureKafkaDistribution } from './kafka-distribution.installer';
import { brokerPaths, type BrokerPaths } from './kafka-broker.paths';
import { buildKafkaServerProperties, buildLog4j2Properties, type BrokerSecurity } from './kafka-server-properties.builder';
import { formatSecureStorage, formatStorageIfNeeded } from './kafka-storage.formatter';
import { spawnJavaServer } from './java-server.process';
import { isPortOpen } from './net.util';
import { ownProcess, readPidFile } from './owned-process.util';
import { isProcessAlive, processCommandLine, waitForChildExit, waitForPidExit } from './process.util';

export interface LocalKafkaOptions {
  stateDir: string;
  kafkaPort: number;
  distDir: string;
  version: string;
  log: LogFn;
  readyTimeoutMs?: number;
  /**
   * The port clients are told to connect to, when it is not kafkaPort: a proxy on loopback that
   * forwards to kafkaPort (the fault matrix stalls one service's connections there). It must
   * be listening before the broker starts, since the readiness probe follows the advertisement.
   */
  advertisedPort?: number;
  /**
   * Run the client listener as deploy/k8s expects its cluster: SASL_SSL with SCRAM-SHA-512
   * and ACLs enforced (see BrokerSecurity). The storage is then formatted afresh on every
   * start, and the launcher's own probes log in as the super user.
   */
  security?: BrokerSecurity;
}

const READY_TIMEOUT_MS = 90_000;
// The JVM's default heap is a quarter of the machine's memory; a dev broker needs far less.
const JVM_OPTIONS = ['-Xmx768m', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];

/**
 * Runs an Apache Kafka broker (combined KRaft broker+controller) with the machine's JDK.
 *
 * Lifetime: the JVM is spawned in this process's process group, so Ctrl-C in a terminal
 * reaches it together with Node and it shuts down cleanly. A normal exit of Node without
 * stop() sends it SIGTERM. If Node is killed outright the broker survives; the next start
 * with the same stateDir finds it by its pid file and reuses it. Whoever holds the handle
 * owns the broker: stop() ends it even when it was reused, so share one handle (e.g. start
 * it in a test runner's global setup) rather than starting it from several processes.
 */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafkaHandle> {
  const { kafkaPort, log } = options;
  const paths = brokerPaths(options.stateDir);
  const brokers = [`127.0.0.1:${options.advertisedPort ?? kafkaPort}`];
  const properties = buildKafkaServerProperties({
    clientPort: kafkaPort,
    controllerPort: kafkaPort + 1,
    logDir: paths.dataDir,
    advertisedClientPort: options.advertisedPort,
    security: options.security,
  });
  const clientSecurity = options.security ? await superUserClient(options.security) : {};

  await requireJavaForKafka();
  const libsDir = await ensureKafkaDistribution({ distDir: options.distDir, version: options.version, log });
  await mkdir(paths.dir, { recursive: true });

  return withFileLock(paths.lock, 10 * 60_000, async () => {
    const reused = await reuseRunningBroker(paths, properties, brokers, log, options.readyTimeoutMs, clientSecurity);
    if (reused) return reused;

    await assertPortsFree(kafkaPort);
    // A secure broker's properties hold its super user's password.
    await writeFile(paths.serverProperties, properties, { mode: 0o600 });
    await chmod(paths.serverProperties, 0o600);
    await writeFile(paths.brokerLog4j, buildLog4j2Properties('INFO'));
    await writeFile(paths.toolsLog4j, buildLog4j2Properties('WARN'));
    if (options.security) await formatSecureStorage(paths, libsDir, log, [options.security.superUser]);
    else await formatStorageIfNeeded(paths, libsDir, log);

    const started = Date.now();
    const child = await spawnBroker(paths, libsDir);
    const owned = ownProcess(child.pid!, paths.pidFile, (ms) => waitForChildExit(child, ms));
    try {
      await waitForKafka(brokers, {
        timeoutMs: options.readyTimeoutMs ?? READY_TIMEOUT_MS,
        abortReason: () =>
          child.exitCode !== null || child.signalCode !== null
            ? `the broker JVM exited (${child.exitCode ?? child.signalCode})`
            : undefined,
        security: clientSecurity,
      });
      await warmUpKafkaCoordinators(brokers, 60_000, clientSecurity);
    } catch (error) {
      // Read the log before stopping: shutdown lines would bury the cause.
      const failure = await startFailure(paths, kafkaPort, (error as Error).message);
      await owned.stop();
      throw failure;
    }
    log(`Kafka ${options.version} broker ready on ${brokers[0]}${options.security ? ' (SASL_SSL, ACLs enforced)' : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${paths.log})`);
    return { brokers, source: 'local', stop: owned.stop, crash: owned.kill };
  });
}

async function reuseRunningBroker(
  paths: BrokerPaths,
  properties: string,
  brokers: string[],
  log: LogFn,
  readyTimeoutMs: number | undefined,
  security: KafkaClientSecurity,
): Promise<LocalKafkaHandle | undefined> {
  const pid = await readPidFile(paths.pidFile);
  if (pid === undefined) return undefined;
  const commandLine = isProcessAlive(pid) ? await processCommandLine(pid) : undefined;
  // A pid file outlives reboots; the pid may now belong to anything.
  const isOurBroker = commandLine?.includes('kafka.Kafka') && commandLine.includes(paths.serverProperties);
  if (!isOurBroker) {
    await rm(paths.pidFile, { force: true });
    return undefined;
  }
  const owned = ownProcess(pid, paths.pidFile, (ms) => waitForPidExit(pid, ms));
  const currentProperties = await readFile(paths.serverProperties, 'utf8').catch(() => '');
  if (currentProperties !== properties) {
    log(`Kafka broker pid ${pid} from an earlier run has other settings; restarting it`);
    await owned.stop();
    return undefined;
  }
  try {
    await waitForKafka(brokers, { timeoutMs: readyTimeoutMs ?? READY_TIMEOUT_MS, abortReason: () => (isProcessAlive(pid) ? undefined : 'it exited'), security });
  } catch (error) {
    log(`Kafka broker pid ${pid} from an earlier run does not serve (${(error as Error).message}); restarting it`);
    await owned.stop();
    return undefined;
  }
  log(`reusing Kafka broker pid ${pid} on ${brokers[0]} from an earlier run`);
  return { brokers, source: 'local', stop: owned.stop, crash: owned.kill };
}

/** The launcher's probes log in as the super user, trusting only the broker's CA. */
async function superUserClient(security: BrokerSecurity): Promise<KafkaClientSecurity> {
  const { username, password } = security.superUser;
  return { ssl: { ca: [await readFile(security.caFile, 'utf8')] }, sasl: { mechanism: 'scram-sha-512', username, password } };
}

async function assertPortsFree(kafkaPort: number): Promise<void> {
  for (const port of [kafkaPort, kafkaPort + 1]) {
    if (await isPortOpen('127.0.0.1', port)) {
      throw new InfrastructureUnavailableError(
        'Kafka',
        `port 127.0.0.1:${port} is already in use by another process; set KAFKA_BROKERS to use a broker you run, or pick another kafkaPort (controller uses kafkaPort + 1)`,
      );
    }
  }
}

function spawnBroker(paths: BrokerPaths, libsDir: string): Promise<ChildProcess> {
  return spawnJavaServer(paths, [...JVM_OPTIONS, `-Dlog4j2.configurationFile=${paths.brokerLog4j}`, '-cp', join(libsDir, '*'), 'kafka.Kafka', paths.serverProperties]);
}

async function startFailure(paths: BrokerPaths, kafkaPort: number, reason: string): Promise<InfrastructureUnavailableError> {
  const tail = await tailFile(paths.log, 40);
  const telling = mostTellingLine(tail);
  return new InfrastructureUnavailableError(
    'Kafka',
    `local broker on 127.0.0.1:${kafkaPort} failed to start: ${reason}${telling ? `; last log line: ${telling}` : ''} (log: ${paths.log}; deleting ${paths.dir} starts it afresh)`,
    tail,
  );
}
