import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { runMigrations } from '@app/persistence';
import { loadConfig } from '../config/load-config';
import type { ServiceEnvironment } from '../config/service-environment';
import { databaseSettings } from '../service.module';
import { Logger } from 'nestjs-pino';
import { CommandUsageError, type CommandRun } from './service-command';
import { rootModule, type ServiceSpec } from './service-definition';
import { startService } from './start-service';

/**
 * The whole of every main.ts: `serve` (default), `migrate`, `seed <folder>`, or one of the
 * spec's own commands. Migrations and seeding are explicit steps (the launcher, a Kubernetes
 * Job), never a side effect of starting a replica.
 *
 * A service that cannot start (bad configuration, Kafka or PostgreSQL unreachable)
 * prints one line saying which and why, and exits non-zero so the orchestrator restarts
 * it with backoff; it never hangs half-started.
 */
export function runService<E extends ServiceEnvironment>(spec: ServiceSpec<E>, argv = process.argv.slice(2)): void {
  const command = argv[0] ?? 'serve';
  const label = spec.title;
  const own = spec.commands?.find((candidate) => candidate.name === command);
  const run = async (): Promise<void> => {
    // The command and its arguments are checked first: a typo is reported without touching anything.
    const known = ['serve', 'migrate', ...(spec.seeder ? ['seed <folder>'] : []), ...(spec.commands ?? []).map((c) => `${c.name} ${c.usage}`)];
    if (!own && !known.some((entry) => entry.split(' ')[0] === command)) {
      throw new Error(`unknown command "${command}" (expected ${known.slice(0, -1).join(', ')} or ${known.at(-1)})`);
    }
    const commandRun = own ? parseCommand(own.name, own.usage, () => own.parse(argv.slice(1))) : undefined;
    const env = loadConfig(spec.environment, process.env);
    if (commandRun) {
      await inApplicationContext(spec, env, (context) => commandRun(context, (line) => process.stdout.write(`${label}: ${line}\n`)));
    } else if (command === 'migrate') {
      const applied = await runMigrations(databaseSettings(spec.infrastructure(env)));
      process.stdout.write(`${label}: ${applied.length === 0 ? 'schema is up to date' : `applied ${applied.join(', ')}`}\n`);
    } else if (command === 'seed' && spec.seeder) {
      const seeder = spec.seeder;
      const loaded = await inApplicationContext(spec, env, (context) => context.get(seeder).seed(argv[1] ?? 'deploy/seed'));
      process.stdout.write(`${label}: ${loaded}\n`);
    } else {
      await startService(spec, env);
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(`${label} cannot ${command === 'serve' ? 'start' : command}: ${describeStartupFailure(error)}\n`);
    process.exit(1);
  });
}

/**
 * The service without HTTP and without its consumer, for one-off work. The context runs the
 * outbox relay, and closing it publishes what is still committed, so the events of a seed
 * run or a command are on Kafka before the process exits.
 */
async function inApplicationContext<E extends ServiceEnvironment, T>(spec: ServiceSpec<E>, env: E, work: (context: INestApplicationContext) => Promise<T>): Promise<T> {
  const context = await NestFactory.createApplicationContext(rootModule(spec, env), { bufferLogs: true, abortOnError: false });
  context.useLogger(context.get(Logger));
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}

function parseCommand(name: string, usage: string, parse: () => CommandRun): CommandRun {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CommandUsageError) throw new Error(`${error.message} (usage: ${name} ${usage})`, { cause: error });
    throw error;
  }
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
