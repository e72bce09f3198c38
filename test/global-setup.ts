import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startKafka, startPostgres } from '@app/local-infra';

/**
 * Starts (or finds) one real Kafka broker and one real PostgreSQL server for the whole
 * integration run: KAFKA_BROKERS / DATABASE_URL when given, Testcontainers when a Docker
 * engine answers, otherwise the local launcher. If none can be had, the run fails here
 * with one line saying which and why; no test is ever skipped for want of infrastructure.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const options = {
    // Vitest runs from the repository root.
    stateDir: resolve('.state/test'),
    kafkaPort: 19092,
    postgresPort: 55442,
    log: (line: string) => process.stdout.write(`[infra] ${line}\n`),
  };
  const [kafka, postgres] = await Promise.all([startKafka(options), startPostgres(options)]);
  process.stdout.write(`[infra] Kafka ${kafka.brokers.join(',')} (${kafka.source}); PostgreSQL (${postgres.source})\n`);
  project.provide('kafkaBrokers', kafka.brokers);
  project.provide('postgresAdminUrl', postgres.adminUrl);
  return async () => {
    await Promise.all([kafka.stop(), postgres.stop()]);
  };
}
