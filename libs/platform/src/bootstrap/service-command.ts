import type { INestApplicationContext } from '@nestjs/common';

/** What a command runs once the service's application context is up; `print` writes one line to stdout. */
export type CommandRun = (context: INestApplicationContext, print: (line: string) => void) => Promise<void>;

/**
 * An operator command a service offers besides serve, migrate and seed:
 * `node dist/apps/<app>/src/main.js <name> <arguments>`. It runs in the service's own
 * application context (its database, its outbox relay, its Kafka client), so it goes through
 * exactly the code paths that serving does, and its events are published before it exits.
 */
export interface ServiceCommand {
  readonly name: string;
  /** The arguments, as the usage line shows them, e.g. `--body <code> | --all`. */
  readonly usage: string;
  /**
   * Checks the arguments before anything connects (throw a CommandUsageError to refuse them)
   * and returns what to run; the parsed arguments stay typed inside the closure.
   */
  parse(args: readonly string[]): CommandRun;
}

/** Arguments a command cannot run with; the process prints the message with the usage line and exits 1. */
export class CommandUsageError extends Error {
  override name = CommandUsageError.name;
  readonly code = 'COMMAND_USAGE';
}
