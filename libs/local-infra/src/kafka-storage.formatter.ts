import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { mostTellingLine } from './file-tail.util';
import type { LogFn } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import type { BrokerPaths } from './kafka-broker.paths';
import { BROKER_SASL_MECHANISM, newKafkaClusterId, type ScramUser } from './kafka-server-properties.builder';
import { runCommand } from './process.util';

/**
 * Formats the log dir once; later starts reuse it, so topics and offsets survive restarts.
 * A port change does not call for formatting again: a single standalone controller still
 * elects itself when its endpoint differs from the one recorded at format time (checked
 * with 4.4.0 by moving a formatted and used log dir to other ports).
 */
export async function formatStorageIfNeeded(paths: BrokerPaths, libsDir: string, log: LogFn): Promise<void> {
  if (existsSync(join(paths.dataDir, 'meta.properties'))) return;
  // Without meta.properties nothing usable is there (at most an interrupted format): start empty.
  await formatStorage(paths, libsDir, log, []);
}

/**
 * Formats the log dir afresh, whatever it held, with these SCRAM users in the bootstrap
 * metadata. A secure broker is always started this way: its super user's credential exists
 * only from format time, and a log kept from an earlier run would hold another password.
 */
export async function formatSecureStorage(paths: BrokerPaths, libsDir: string, log: LogFn, scramUsers: readonly ScramUser[]): Promise<void> {
  await formatStorage(paths, libsDir, log, scramUsers);
}

/** `--add-scram` arguments of the storage tool; the syntax is Kafka's own, passwords unquoted. */
export function addScramArguments(users: readonly ScramUser[]): string[] {
  return users.flatMap((user) => ['--add-scram', `${BROKER_SASL_MECHANISM}=[name=${user.username},password=${user.password}]`]);
}

async function formatStorage(paths: BrokerPaths, libsDir: string, log: LogFn, scramUsers: readonly ScramUser[]): Promise<void> {
  await rm(paths.dataDir, { recursive: true, force: true });

  const clusterId = newKafkaClusterId();
  const result = await runCommand(
    'java',
    [
      `-Dlog4j2.configurationFile=${paths.toolsLog4j}`,
      '-cp',
      join(libsDir, '*'),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      paths.serverProperties,
      '--standalone',
      ...addScramArguments(scramUsers),
    ],
    { cwd: paths.dir, timeoutMs: 120_000 },
  );
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    throw new InfrastructureUnavailableError('Kafka', `formatting storage in ${paths.dataDir} failed: ${mostTellingLine(output)}`, output);
  }
  log(`formatted Kafka storage in ${paths.dataDir} (cluster ${clusterId})`);
}
