import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { assertNodeRuntime, startKafka, startPostgres } from '@app/local-infra';
import { dropTestDatabases } from '@app/testing';

/**
 * Starts (or finds) one real Kafka broker and one real PostgreSQL server for the whole
 * integration run: KAFKA_BROKERS / DATABASE_URL when given, Testcontainers when a Docker
 * engine answers, otherwise the local launcher. If none can be had, the run fails here
 * with one line saying which and why; no test is ever skipped for want of infrastructure.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertNodeRuntime();
  const options = {
    // Vitest runs from the repository root.
    stateDir: resolve('.state/test'),
    kafkaPort: 19092,
    postgresPort: 55442,
    log: (line: string) => process.stdout.write(`[infra] ${line}\n`),
  };
  const [kafka, postgres] = await Promise.all([startKafka(options), startPostgres(options)]);
  process.stdout.write(`[infra] Kafka ${kafka.brokers.join(',')} (${kafka.source}); PostgreSQL (${postgres.source})\n`);
  if (kafka.source === 'local') await emptyBroker(kafka.brokers);
  project.provide('kafkaBrokers', kafka.brokers);
  project.provide('postgresAdminUrl', postgres.adminUrl);
  const runId = randomBytes(3).toString('hex');
  project.provide('testRunId', runId);
  return async () => {
    await dropTestDatabases(postgres.adminUrl, runId);
    await Promise.all([kafka.stop(), postgres.stop()]);
  };
}

/**
 * The test broker is ours alone: each run starts from no topics, so a fresh service does
 * not replay (and dead-letter) the events of earlier runs. A broker given through
 * KAFKA_BROKERS may be shared, and is never emptied.
 */
async function emptyBroker(brokers: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'test-setup', brokers, logLevel: 0 }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId);
    if (groups.length > 0) await admin.deleteGroups(groups);
  } finally {
    await admin.disconnect();
  }
}
