import { randomUUID } from 'node:crypto';
import type { Consumer, IHeaders, Kafka } from 'kafkajs';

export interface RecordedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

/** Reads topics from the beginning into memory, in its own consumer group, for assertions. */
export class TopicRecorder {
  readonly messages: RecordedMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topics: string[]): Promise<TopicRecorder> {
    const consumer = kafka.consumer({ groupId: `test-recorder-${randomUUID()}` });
    const recorder = new TopicRecorder(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        recorder.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: stringHeaders(message.headers),
        });
        return Promise.resolve();
      },
    });
    return recorder;
  }

  on(topic: string): RecordedMessage[] {
    return this.messages.filter((message) => message.topic === topic);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, (Array.isArray(value) ? value[0] : value)?.toString() ?? '']])),
  );
}
