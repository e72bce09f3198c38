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

/**
 * Every record of `topics` from the beginning to their end offsets as they are now, with a
 * throwaway consumer group: what the oracle compares the databases with.
 */
export async function readTopics(kafka: Kafka, topics: readonly string[]): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > 0n) ends.set(`${topic}/${partition}`, BigInt(high));
      }
    }
  } finally {
    await admin.disconnect();
  }
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
          eachMessage: async ({ topic, partition, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
            records.push({ topic, partition, offset: BigInt(message.offset), key: message.key?.toString() ?? '', headers, value: message.value?.toString() ?? '' });
            const slot = `${topic}/${partition}`;
            if (BigInt(message.offset) + 1n >= (ends.get(slot) ?? 0n)) pending.delete(slot);
            if (pending.size === 0) {
              clearTimeout(timer);
              done();
            }
          },
        })
        .catch(fail);
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
