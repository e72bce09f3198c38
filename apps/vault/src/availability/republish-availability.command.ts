import { AGENCY_CODE_PATTERN } from '@app/contracts';
import { CommandUsageError, type ServiceCommand } from '@app/platform';
import { AvailabilityRepublisher, DEFAULT_REPUBLISH_BATCH_SIZE } from './availability-republisher.service';
import { AvailabilityTopicAudit } from './availability-topic-audit.service';

export interface RepublishArguments {
  /** One governing body's code, or every body in the directory. */
  readonly bodies: { readonly body: string } | 'all';
  readonly batchSize: number;
  readonly drainTimeoutMs: number;
}

const DEFAULT_DRAIN_TIMEOUT_MS = 10 * 60_000;

/** `--body <code> | --all [--batch-size <n>] [--drain-timeout-seconds <n>]`; anything else is refused. */
export function parseRepublishArguments(args: readonly string[]): RepublishArguments {
  let body: string | undefined;
  let all = false;
  let batchSize = DEFAULT_REPUBLISH_BATCH_SIZE;
  let drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS;
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index];
    const value = (): string => {
      const next = args[index + 1];
      if (next === undefined || next.startsWith('--')) throw new CommandUsageError(`${argument} needs a value`);
      index += 1;
      return next;
    };
    if (argument === '--all') all = true;
    else if (argument === '--body') body = value();
    else if (argument === '--batch-size') batchSize = wholeNumber(argument, value(), 1, 5_000);
    else if (argument === '--drain-timeout-seconds') drainTimeoutMs = wholeNumber(argument, value(), 1, 86_400) * 1_000;
    else throw new CommandUsageError(`unknown argument ${argument}`);
  }
  if (all === (body !== undefined)) throw new CommandUsageError('give either --body <governing body code> or --all');
  if (body !== undefined && !AGENCY_CODE_PATTERN.test(body)) throw new CommandUsageError(`"${body}" is not a governing body code such as 000.00.00.H26`);
  return { bodies: body === undefined ? 'all' : { body }, batchSize, drainTimeoutMs };
}

function wholeNumber(argument: string, text: string, min: number, max: number): number {
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) throw new CommandUsageError(`${argument} must be a whole number from ${min} to ${max}`);
  return number;
}

/**
 * `republish-availability --body <code> | --all`: rebuilds availability topics from the vault's
 * database (see AvailabilityRepublisher), waits until the records are on Kafka, then compares
 * the topics with the documents again and prints the outcome. The runbook is
 * docs/runbook-republish-availability.md.
 */
export const republishAvailabilityCommand: ServiceCommand = {
  name: 'republish-availability',
  usage: '--body <governing body code> | --all [--batch-size <n>] [--drain-timeout-seconds <n>]',
  parse(args) {
    const options = parseRepublishArguments(args);
    return async (context, print) => {
      const republisher = context.get(AvailabilityRepublisher);
      const bodies = options.bodies === 'all' ? await republisher.bodies() : [options.bodies.body];
      const started = Date.now();
      let documents = 0;
      for (const body of bodies) {
        const summary = await republisher.republish(body, {
          batchSize: options.batchSize,
          onProgress: ({ done, total }) => {
            if (total > 0) print(`body ${body}: ${done}/${total}`);
          },
        });
        documents += summary.done;
        const outcome = summary.done === 0 ? 'no document announced' : `${summary.available} available, ${summary.withdrawn} withdrawn`;
        print(`body ${body}: ${outcome}${summary.topicCreated ? ' (its topic was missing and has been created)' : ''}`);
      }
      await republisher.awaitPublished({ timeoutMs: options.drainTimeoutMs, onWaiting: (remaining) => print(`outbox: ${remaining} records still to publish`) });
      print(`${documents} records of ${bodies.length} governing ${bodies.length === 1 ? 'body' : 'bodies'} published in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const split = (await context.get(AvailabilityTopicAudit).audit()).filter((audited) => bodies.includes(audited.body) && audited.missing > 0);
      if (split.length > 0) throw new Error(`the topics still miss records of ${split.map((audited) => audited.body).join(', ')} after the republication`);
      print('the availability topics hold a record of every announced document');
    };
  },
};
