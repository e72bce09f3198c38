import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { AssignerProtocol, ConfigResourceTypes } from 'kafkajs';
import { deadLetterTopic } from '@app/contracts';
import { eventually } from '@app/testing';
import { expectEffectsOnce, sendAndCheck, type BatchOptions } from './support/kafka-batch-runner';
import { CONSUMED_TOPICS, type ConsumedTopic } from './support/kafka-consumed-topics';
import { DeadLetterLedger } from './support/kafka-dead-letter-ledger';
import { CONSUMER_NAMES, KafkaFuzzPlatform } from './support/kafka-fuzz-platform';
import { FuzzTally } from './support/kafka-fuzz-tally';
import { MarkerSequence, type HostileRecord } from './support/kafka-hostile-records';
import { malformedCases, oddButGenuineCases, oversizedCases, replayCases, signatureCases, type CaseContext } from './support/kafka-named-cases';
import { InboxModel, materialize, payloadFields, recipe } from './support/kafka-record-arbitraries';

/**
 * Issue 13, Kafka fuzzing: hostile records on every topic a service consumes, against the real
 * consuming services (vault, an intake, payment, notification) on the test broker and
 * PostgreSQL. Each consumer must stay ready, move past every hostile record to the genuine
 * event behind it, and dead-letter exactly the hostile records, each once, with its reason.
 * `FUZZ_PROFILE=full` (npm run fuzz) generates many more records; see docs/kafka-fuzzing.md.
 */
const FULL = process.env.FUZZ_PROFILE === 'full';
const PROFILE = FULL ? 'full' : 'bounded';
const SEED = process.env.FUZZ_SEED === undefined ? randomBytes(4).readUInt32BE() >>> 1 : Number(process.env.FUZZ_SEED);
/** Full: longer batches, their lengths spread up to the maximum rather than fast-check's small default. */
const GENERATED = FULL ? { runs: 50, maxLength: 60, size: 'max' as const } : { runs: 2, maxLength: 12, size: 'small' as const };
const TEST_TIMEOUT_MS = FULL ? 1_800_000 : 150_000;

describe('Kafka fuzzing: every topic a service consumes, against the real consumer', () => {
  const runMarker = `kafka-fuzz-${randomBytes(4).toString('hex')}/`;
  const tally = new FuzzTally();
  const inbox = new InboxModel();
  const used = new Map<string, Set<number>>();
  let platform: KafkaFuzzPlatform;
  let ledger: DeadLetterLedger;
  const limits = new Map<string, { maxMessageBytes: number; partitions: number }>();
  let batches = 0;

  beforeAll(async () => {
    platform = await KafkaFuzzPlatform.start();
    ledger = await DeadLetterLedger.start(platform.kafka, ['vault', 'intake', 'payment', 'notification'].map(deadLetterTopic), runMarker);
    const admin = platform.kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: CONSUMED_TOPICS.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.topic, configNames: ['max.message.bytes'] })) });
      const { topics } = await admin.fetchTopicMetadata({ topics: CONSUMED_TOPICS.map((topic) => topic.topic) });
      for (const topic of CONSUMED_TOPICS) {
        const bytes = resources.find((resource) => resource.resourceName === topic.topic)?.configEntries.find((entry) => entry.configName === 'max.message.bytes')?.configValue;
        limits.set(topic.topic, { maxMessageBytes: Number(bytes), partitions: topics.find((found) => found.name === topic.topic)!.partitions.length });
      }
    } finally {
      await admin.disconnect();
    }
    process.stdout.write(`[kafka-fuzz] profile ${PROFILE}, seed ${SEED} (FUZZ_SEED=${SEED} repeats the generated records)\n`);
  });

  afterAll(async () => {
    const lines = tally.lines();
    process.stdout.write(`[kafka-fuzz] records per topic and category (${PROFILE}):\n${lines.map((line) => `[kafka-fuzz]   ${line}`).join('\n')}\n`);
    if (tally.topics.size > 0) process.stdout.write(`[kafka-fuzz] counts written to ${await tally.write(PROFILE, { seed: SEED, generated: GENERATED })}\n`);
    await ledger?.stop();
    if (platform) await forgetHostileRecords(platform, used);
    await platform?.stop();
  });

  /** Each batch on its own partition in turn, so a stuck partition cannot hide behind another batch's progress. */
  function batch(topic: ConsumedTopic, prefix: string): BatchOptions & { marks: MarkerSequence } {
    const { partitions } = limits.get(topic.topic)!;
    const partition = batches % partitions;
    batches += 1;
    const partitionsUsed = used.get(topic.topic) ?? new Set<number>();
    partitionsUsed.add(partition);
    used.set(topic.topic, partitionsUsed);
    return { platform, ledger, tally, topic, partition, marks: new MarkerSequence(`${runMarker}${topic.tag}/${prefix}/`) };
  }

  async function context(topic: ConsumedTopic, marks: MarkerSequence): Promise<CaseContext> {
    return { topic, platform, marks, template: await topic.genuine(platform), maxMessageBytes: limits.get(topic.topic)!.maxMessageBytes };
  }

  it('fuzzes the topics the services really subscribe to', async () => {
    const admin = platform.kafka.admin();
    await admin.connect();
    try {
      const subscribed = new Set<string>();
      for (const name of CONSUMER_NAMES) {
        const { groups } = await admin.describeGroups([platform.consumer(name).consumerGroup]);
        for (const member of groups[0].members) for (const topic of AssignerProtocol.MemberMetadata.decode(member.memberMetadata)!.topics) subscribed.add(topic);
      }
      expect([...subscribed].sort()).toEqual([...new Set(CONSUMED_TOPICS.map((topic) => topic.topic))].sort());
    } finally {
      await admin.disconnect();
    }
  });

  describe.each(CONSUMED_TOPICS.map((topic) => [topic.topic, topic] as const))('%s', (_name, topic) => {
    it(
      'dead-letters named malformed, oversized and badly signed records with their reasons, and applies the genuine event behind them',
      async () => {
        const options = batch(topic, 'named');
        const cases = await context(topic, options.marks);
        const odd = await oddButGenuineCases(cases);
        const records: HostileRecord[] = [...(await malformedCases(cases)), ...odd.map(({ record }) => record), ...(await oversizedCases(cases)), ...(await signatureCases(cases))];
        await sendAndCheck(options, records);
        for (const { record, genuine } of odd) for (const name of topic.consumers) await expectEffectsOnce(platform, name, genuine, record.eventId!);
        // Nothing built on the template was applied, whatever it claimed.
        const effects = await cases.template.effects();
        for (const name of topic.consumers) expect(effects[name] ?? 0, `${name} applied none of the hostile records`).toBe(0);
        expect(({} as Record<string, unknown>).polluted, 'a __proto__ key polluted no prototype').toBeUndefined();
      },
      TEST_TIMEOUT_MS,
    );

    it(
      `dead-letters generated records (fast-check, ${GENERATED.runs} batches of up to ${GENERATED.maxLength}) with the reason the pipeline gives`,
      async () => {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(recipe(topic, payloadFields(await topic.genuine(platform))), { minLength: 1, maxLength: GENERATED.maxLength, size: GENERATED.size }), async (recipes) => {
            run += 1;
            const options = batch(topic, `generated-${run}`);
            const template = await topic.genuine(platform);
            const records: HostileRecord[] = [];
            for (const one of recipes) records.push(await materialize(one, { topic, template, marks: options.marks, inbox }));
            await sendAndCheck({ ...options, timeoutMs: 60_000 }, records);
            const effects = await template.effects();
            for (const name of topic.consumers) expect(effects[name] ?? 0, `${name} applied none of the generated records`).toBe(0);
          }),
          // One seed per topic, derived from the run's, so FUZZ_SEED repeats every topic's records; bounded runs report the first failure unshrunk.
          { numRuns: GENERATED.runs, seed: SEED + CONSUMED_TOPICS.indexOf(topic), endOnFailure: !FULL },
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'applies a genuine event once however often it is sent or replayed, and lets no forgery take its id',
      async () => {
        const options = batch(topic, 'replay');
        const plan = await replayCases(await context(topic, options.marks));
        await sendAndCheck(options, plan.records);
        for (const name of topic.consumers) {
          for (const genuine of plan.once) {
            const ids = plan.records.filter((record) => record.expected === 'applied' && record.value === JSON.stringify(genuine.payload)).map((record) => record.eventId!);
            expect(ids, 'each genuine event is in the plan once as applied').toHaveLength(1);
            await expectEffectsOnce(platform, name, genuine, ids[0]);
          }
          for (const forged of plan.never) expect((await forged.effects())[name] ?? 0, `${name} applied no forgery`).toBe(0);
        }
      },
      TEST_TIMEOUT_MS,
    );
  });

  it('leaves every consumer ready at the end', async () => {
    for (const name of CONSUMER_NAMES) await eventually(async () => expect(await platform.readiness(name)).toBe(200), 30_000, 200);
  });
});

/**
 * Later suites start consumers on empty databases, which read these topics from the start:
 * the partitions written here are emptied up to their end, where the topic allows it (a
 * compacted topic does not). Earlier suites' records there were consumed long ago.
 */
async function forgetHostileRecords(platform: KafkaFuzzPlatform, used: Map<string, Set<number>>): Promise<void> {
  const admin = platform.kafka.admin();
  await admin.connect();
  try {
    for (const [topic, partitions] of used) {
      if (CONSUMED_TOPICS.find((consumed) => consumed.topic === topic)?.compacted) continue;
      const ends = await admin.fetchTopicOffsets(topic);
      const offsets = ends.filter((end) => partitions.has(end.partition)).map((end) => ({ partition: end.partition, offset: end.high }));
      await admin.deleteTopicRecords({ topic, partitions: offsets }).catch((error: unknown) => process.stdout.write(`[kafka-fuzz] could not empty ${topic}: ${String(error)}\n`));
    }
  } finally {
    await admin.disconnect();
  }
}
