import type { Message } from 'kafkajs';
import { eventually } from '@app/testing';
import type { ConsumedTopic, GenuineEvent } from './kafka-consumed-topics';
import { type DeadLetterLedger, digest, headersDigest, type LedgerEntry } from './kafka-dead-letter-ledger';
import type { ConsumerName, KafkaFuzzPlatform } from './kafka-fuzz-platform';
import { expectedOf, FUZZ_MARKER_HEADER, isDeadLetter, signedRecord, type HostileRecord, type MarkerSequence } from './kafka-hostile-records';
import type { FuzzTally } from './kafka-fuzz-tally';

/** Records sent in one produce request stay well under the broker's limit for a whole batch. */
const CHUNK_BYTES = 256 * 1024;

export interface BatchOptions {
  readonly platform: KafkaFuzzPlatform;
  readonly ledger: DeadLetterLedger;
  readonly tally: FuzzTally;
  readonly topic: ConsumedTopic;
  readonly partition: number;
  readonly marks: MarkerSequence;
  /** How long the consumers may take to reach the genuine event behind the batch. */
  readonly timeoutMs?: number;
}

/**
 * Sends `records` in order to one partition and a genuine event behind them, then checks, for
 * every consumer of the topic: the genuine event was applied (the partition moved past the
 * batch), `/health/ready` answers 200, and its dead-letter topic holds exactly the records that
 * were to be dead-lettered, once each, with the expected `dlt-reason`, the original key, value
 * and headers. Returns the letters, for checks of their own.
 */
export async function sendAndCheck(options: BatchOptions, records: readonly HostileRecord[]): Promise<Map<ConsumerName, LedgerEntry[]>> {
  const { platform, topic, partition } = options;
  await send(platform, topic.topic, partition, records);
  const canary = await topic.genuine(platform);
  const canaryRecord = await signedRecord(canary.definition, canary.payload, canary.signer);
  const canaryMarker = options.marks.mark();
  await send(platform, topic.topic, partition, [{ key: canaryRecord.key, value: canaryRecord.value, headers: { ...canaryRecord.headers, [FUZZ_MARKER_HEADER]: canaryMarker } }]);

  const letters = new Map<ConsumerName, LedgerEntry[]>();
  for (const name of topic.consumers) {
    await eventually(async () => expect(await platform.inboxOutcomes(name, canaryRecord.eventId), `${name} applied the genuine event behind the batch on ${topic.topic}/${partition}`).toEqual(['applied']), options.timeoutMs ?? 120_000, 100);
    expect(await platform.readiness(name), `${name} is ready after the batch`).toBe(200);
    await expectEffectsOnce(platform, name, canary, canaryRecord.eventId);
    letters.set(name, await expectDeadLetters(options, name, records, canaryMarker));
  }
  for (const record of records) options.tally.record(topic.tag, record, topic.consumers);
  return letters;
}

/** The letters of one consumer for this batch, once they are all in: exactly the expected ones. */
async function expectDeadLetters(options: BatchOptions, name: ConsumerName, records: readonly HostileRecord[], canaryMarker: string): Promise<LedgerEntry[]> {
  const { platform, ledger } = options;
  const { consumerGroup } = platform.consumer(name);
  const markers = new Set([...records.map((record) => record.marker), canaryMarker]);
  const expected = records.filter((record) => isDeadLetter(expectedOf(record, name)));
  // Every letter was acknowledged before the consumer moved on to the canary; the ledger may still be reading.
  const found = () => ledger.of(consumerGroup).filter((entry) => markers.has(entry.marker));
  // When some never come, the comparison below says which.
  await eventually(() => expect(found().length).toBeGreaterThanOrEqual(expected.length), 15_000, 100).catch(() => undefined);
  const letters = found();
  const got = letters.map((entry) => `${entry.marker} ${entry.reason}`).sort();
  const want = expected.map((record) => `${record.marker} ${expectedOf(record, name)}`).sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    const byMarker = new Map(records.map((record) => [record.marker, record]));
    const explain = (line: string) => `${line}: ${byMarker.get(line.split(' ')[0])?.name ?? 'the genuine event'}`;
    expect({ unexpected: got.filter((line) => !want.includes(line)).map(explain), missing: want.filter((line) => !got.includes(line)).map(explain) }, `${name}'s dead letters differ from the records that should be there`).toEqual({ unexpected: [], missing: [] });
  }
  const sent = new Map(records.map((record) => [record.marker, record]));
  for (const letter of letters) {
    const record = sent.get(letter.marker)!;
    expect({ key: letter.keyDigest, value: letter.valueDigest, headers: letter.originalHeadersDigest, omitted: letter.headers['dlt-omitted'] }, `the dead letter of "${record.name}" carries the original key, value and headers`).toEqual({
      key: digest(record.key),
      // Near the limit, the letter says what it left out; the original stays on its topic.
      value: record.letterLeavesOutValue ? digest(null) : digest(record.value),
      headers: headersDigest(record.headers, (header) => !header.startsWith('dlt-')),
      omitted: record.letterLeavesOutValue ? `a value of ${Buffer.byteLength(record.value ?? '')} bytes` : undefined,
    });
  }
  return letters;
}

/** A genuine event's effect is visible once at each consumer: once in its inbox, once in its tables. */
export async function expectEffectsOnce(platform: KafkaFuzzPlatform, name: ConsumerName, event: GenuineEvent, eventId: string): Promise<void> {
  expect(await platform.inboxOutcomes(name, eventId)).toEqual(['applied']);
  const effects = await event.effects();
  if (effects[name] !== undefined) expect(effects[name], `${name}'s effect of ${event.definition.type} ${eventId}`).toBe(1);
}

/** In order, one produce request per chunk; a near-limit record goes alone, as the broker takes one batch per request and partition. */
export async function send(platform: KafkaFuzzPlatform, topic: string, partition: number, records: readonly Pick<HostileRecord, 'key' | 'value' | 'headers'>[]): Promise<void> {
  let chunk: Message[] = [];
  let bytes = 0;
  const flush = async () => {
    if (chunk.length > 0) await platform.producer.send({ topic, acks: -1, messages: chunk });
    chunk = [];
    bytes = 0;
  };
  for (const record of records) {
    const size = (record.value === null ? 0 : Buffer.byteLength(record.value)) + (record.key === null ? 0 : Buffer.byteLength(record.key)) + 4_096;
    if (bytes + size > CHUNK_BYTES) await flush();
    chunk.push({ partition, key: record.key, value: record.value, headers: record.headers });
    bytes += size;
  }
  await flush();
}
