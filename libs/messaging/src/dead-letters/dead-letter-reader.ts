import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { replayRecord, toDeadLetter, type DeadLetter } from './dead-letter';

/**
 * Reads dead-letter topics from their beginning up to their end as of the call, with a
 * throwaway consumer group that is deleted afterwards, so reading never moves anyone's offsets.
 */
export async function readDeadLetters(kafka: Kafka, topics: readonly string[], timeoutMs = 60_000): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `dead-letters-reader-${randomUUID()}`;
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    const remaining = new Map<string, number>();
    for (const topic of present) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        if (Number(high) > Number(low)) remaining.set(`${topic}/${partition}`, Number(high));
      }
    }
    if (remaining.size === 0) return [];
    const letters: DeadLetter[] = [];
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: present, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`dead-letter topics not read to their end within ${timeoutMs} ms`)), timeoutMs);
        consumer
          .run({
            autoCommit: false,
            // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs wants a promise; collecting needs no await
            eachMessage: async ({ topic, partition, message }) => {
              const key = `${topic}/${partition}`;
              const end = remaining.get(key);
              if (end === undefined || Number(message.offset) >= end) return;
              letters.push(toDeadLetter(topic, partition, message));
              if (Number(message.offset) >= end - 1) remaining.delete(key);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return letters.sort((a, b) => a.deadLetteredAt.getTime() - b.deadLetteredAt.getTime());
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Puts each letter back on its original topic; the consumers' inboxes make a second replay harmless. */
export async function replayDeadLetters(kafka: Kafka, letters: readonly DeadLetter[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (const letter of letters) {
      const { topic, message } = replayRecord(letter);
      await producer.send({ topic, acks: -1, messages: [message] });
    }
  } finally {
    await producer.disconnect();
  }
}
