import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: string;
}

/** Where each partition (`<topic>/<partition>`) ends now: the next offset to be written. */
export async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, BigInt(high));
    }
  } finally {
    await admin.disconnect();
  }
  return ends;
}

/**
 * Every record of `topics` from `from` (each partition's start when not given) to their end
 * offsets as they are now, with a throwaway consumer group: what the oracle compares the
 * databases with.
 */
export async function readTopics(kafka: Kafka, topics: readonly string[], from: ReadonlyMap<string, bigint> = new Map()): Promise<ReadRecord[]> {
  const ends = new Map([...(await endOffsets(kafka, topics))].filter(([slot, end]) => end > (from.get(slot) ?? 0n)));
  if (ends.size === 0) return [];
  const records: ReadRecord[] = [];
  const groupId = `fault-oracle-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const pending = new Set(ends.keys());
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`reading ${topics.join(', ')} did not reach the end offsets in 60 s`)), 60_000);
      consumer
        .run({
          eachMessage: ({ topic, partition, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
            records.push({ topic, partition, offset: BigInt(message.offset), key: message.key?.toString() ?? '', headers, value: message.value?.toString() ?? '' });
            const slot = `${topic}/${partition}`;
            if (BigInt(message.offset) + 1n >= (ends.get(slot) ?? 0n)) pending.delete(slot);
            if (pending.size === 0) {
              clearTimeout(timer);
              done();
            }
            return Promise.resolve();
          },
        })
        .catch(fail);
      for (const [slot, offset] of from) {
        const at = slot.lastIndexOf('/');
        if (ends.has(slot)) consumer.seek({ topic: slot.slice(0, at), partition: Number(slot.slice(at + 1)), offset: String(offset) });
      }
    });
  } finally {
    await consumer.disconnect();
    const admin2 = kafka.admin();
    await admin2.connect();
    await admin2.deleteGroups([groupId]).catch(() => undefined);
    await admin2.disconnect();
  }
  return records;
}
