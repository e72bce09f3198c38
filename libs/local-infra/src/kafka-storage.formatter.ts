import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { mostTellingLine } from './file-tail.util';
import type { LogFn } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import type { BrokerPaths } from './kafka-broker.paths';
import { newKafkaClusterId } from './kafka-server-properties.builder';
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
    ],
    { cwd: paths.dir, timeoutMs: 120_000 },
  );
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    throw new InfrastructureUnavailableError('Kafka', `formatting storage in ${paths.dataDir} failed: ${mostTellingLine(output)}`, output);
  }
  log(`formatted Kafka storage in ${paths.dataDir} (cluster ${clusterId})`);
}
