import { createHash, randomUUID } from 'node:crypto';
import type { Consumer, IHeaders, Kafka } from 'kafkajs';
import { FUZZ_MARKER_HEADER } from './kafka-hostile-records';

/** One dead letter, kept small: a near-limit record is a megabyte, and only its digest is compared. */
export interface LedgerEntry {
  readonly topic: string;
  readonly marker: string;
  readonly consumerGroup: string;
  readonly reason: string;
  readonly error: string;
  readonly keyDigest: string;
  readonly valueDigest: string;
  /** The headers the consumer copied from the original, the dlt-* ones left out. */
  readonly originalHeadersDigest: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Reads the four dead-letter topics from their beginning for as long as the suite runs, and
 * keeps the letters that carry this run's marker (earlier suites' letters are on them too).
 */
export class DeadLetterLedger {
  readonly entries: LedgerEntry[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topics: readonly string[], runMarker: string): Promise<DeadLetterLedger> {
    const consumer = kafka.consumer({ groupId: `kafka-fuzz-ledger-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
    const ledger = new DeadLetterLedger(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ topic, message }) => {
        const marker = firstText(message.headers?.[FUZZ_MARKER_HEADER]);
        if (marker?.startsWith(runMarker)) {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, firstText(value) ?? '']])));
          ledger.entries.push({
            topic,
            marker,
            consumerGroup: headers['dlt-consumer-group'] ?? '',
            reason: headers['dlt-reason'] ?? '',
            error: headers['dlt-error'] ?? '',
            keyDigest: digest(message.key),
            valueDigest: digest(message.value),
            originalHeadersDigest: headersDigest(message.headers, (name) => !name.startsWith('dlt-')),
            headers,
          });
        }
        return Promise.resolve();
      },
    });
    return ledger;
  }

  /** The letters one consumer group wrote for this run, by marker. */
  of(consumerGroup: string): LedgerEntry[] {
    return this.entries.filter((entry) => entry.consumerGroup === consumerGroup);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Null and empty are different keys and values: a digest that keeps them apart. */
export function digest(bytes: Buffer | string | null | undefined): string {
  if (bytes === null || bytes === undefined) return 'null';
  return createHash('sha256').update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).digest('hex');
}

/** Every header's every value, in order, as bytes: what the dead letter must carry unchanged. */
export function headersDigest(headers: IHeaders | undefined, keep: (name: string) => boolean = () => true): string {
  const hash = createHash('sha256');
  for (const [name, value] of Object.entries(headers ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value === undefined || !keep(name)) continue;
    // kafkajs reads a header named like an Object.prototype member as [that member, value]; the member is not the record's.
    for (const one of (Array.isArray(value) ? value : [value]).filter(isBytes)) hash.update(`${name}\u0000${digest(one)}\u0000`);
  }
  return hash.digest('hex');
}

function firstText(value: IHeaders[string]): string | undefined {
  const first = (Array.isArray(value) ? value : [value]).find(isBytes);
  return first === undefined ? undefined : first.toString();
}

function isBytes(value: unknown): value is Buffer | string {
  return Buffer.isBuffer(value) || typeof value === 'string';
}
