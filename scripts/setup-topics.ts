import { PLATFORM_TOPICS } from '@app/contracts';
import { createKafka, ensureTopics } from '@app/messaging';
import { KafkaEnvironment, kafkaSettings, loadConfig } from '@app/platform';

/**
 * Creates the platform's fixed topics (per-body availability topics are created by the
 * vault when it learns of a body). Run once per cluster, before the services: by the local
 * launcher, docker-compose's setup container, or the Kubernetes setup Job.
 */
async function main(): Promise<void> {
  const kafka = createKafka(kafkaSettings(loadConfig(KafkaEnvironment, process.env), 'platform-setup'));
  const created = await ensureTopics(kafka, PLATFORM_TOPICS);
  process.stdout.write(`topics: ${created.length === 0 ? 'all present' : `created ${created.join(', ')}`}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`topic setup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
