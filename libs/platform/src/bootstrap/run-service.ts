import { NestFactory } from '@nestjs/core';
import { runMigrations } from '@app/persistence';
import { loadConfig } from '../config/load-config';
import type { ServiceEnvironment } from '../config/service-environment';
import { databaseSettings } from '../service.module';
import { Logger } from 'nestjs-pino';
import { rootModule, type ServiceSpec } from './service-definition';
import { startService } from './start-service';

/**
 * The whole of every main.ts: `serve` (default), `migrate`, or `seed <folder>`. Migrations
 * and seeding are explicit steps (the launcher, a Kubernetes Job), never a side effect of
 * starting a replica.
 *
 * A service that cannot start (bad configuration, Kafka or PostgreSQL unreachable)
 * prints one line saying which and why, and exits non-zero so the orchestrator restarts
 * it with backoff; it never hangs half-started.
 */
export function runService<E extends ServiceEnvironment>(spec: ServiceSpec<E>, argv = process.argv.slice(2)): void {
  const command = argv[0] ?? 'serve';
  const label = spec.title;
  const run = async (): Promise<void> => {
    const env = loadConfig(spec.environment, process.env);
    if (command === 'migrate') {
      const applied = await runMigrations(databaseSettings(spec.infrastructure(env)));
      process.stdout.write(`${label}: ${applied.length === 0 ? 'schema is up to date' : `applied ${applied.join(', ')}`}\n`);
    } else if (command === 'seed' && spec.seeder) {
      // An application context runs the outbox relay, so seeded events are published before it closes.
      const context = await NestFactory.createApplicationContext(rootModule(spec, env), { bufferLogs: true, abortOnError: false });
      context.useLogger(context.get(Logger));
      try {
        process.stdout.write(`${label}: ${await context.get(spec.seeder).seed(argv[1] ?? 'deploy/seed')}\n`);
      } finally {
        await context.close();
      }
    } else if (command === 'serve') {
      await startService(spec, env);
    } else {
      throw new Error(`unknown command "${command}" (expected serve, migrate${spec.seeder ? ' or seed <folder>' : ''})`);
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(`${label} cannot ${command === 'serve' ? 'start' : command}: ${describeStartupFailure(error)}\n`);
    process.exit(1);
  });
}

export function describeStartupFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
  if (error.name.startsWith('KafkaJS')) return `Kafka is unreachable: ${error.message}${cause}`;
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    return `PostgreSQL is unreachable: ${error.message}`;
  }
  return `${error.message}${cause}`;
}
