import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CompressionTypes, type Admin, type IHeaders, type Producer as KafkajsProducer } from 'kafkajs';
import {
  compatibilityPartitioner,
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import {
  benchRecords,
  CITIZEN_POOL_SIZE,
  citizenPool,
  deferred,
  describeError,
  describeMachine,
  envInt,
  isPortListening,
  kafkajsClient,
  log,
  median,
  percentiles,
  platformaticBaseOptions,
  stamp,
  startBenchBroker,
  touch,
  within,
  writeResults,
  type BenchRecord,
  type Deferred,
  type MachineDescription,
  type Percentiles,
} from './kafka-clients.shared';

/**
 * Producer and consumer throughput and latency of kafkajs (what libs/messaging uses) and
 * @platformatic/kafka, in one run against one real broker, each client configured the way
 * the platform uses kafkajs: idempotent producer, acks=all, one request in flight, batches
 * of 500 keyed records with CloudEvents headers; a consumer group whose offsets are
 * committed only after the handler has finished with the message.
 *
 *   npm run bench:kafka-clients
 *   BENCH_KAFKA_RECORDS=100000 BENCH_KAFKA_REPETITIONS=5 npm run bench:kafka-clients
 */

const CLIENTS = ['kafkajs', 'platformatic'] as const;
type ClientName = (typeof CLIENTS)[number];
const SCENARIOS = ['producer-throughput', 'producer-latency', 'consumer-throughput', 'end-to-end'] as const;
type Scenario = (typeof SCENARIOS)[number];

const config = {
  records: envInt('BENCH_KAFKA_RECORDS', 50_000),
  latencySends: envInt('BENCH_KAFKA_LATENCY_SENDS', 2_000),
  endToEndRecords: envInt('BENCH_KAFKA_E2E_RECORDS', 1_000),
  repetitions: envInt('BENCH_KAFKA_REPETITIONS', 5),
  batchSize: envInt('BENCH_KAFKA_BATCH_SIZE', 500),
  partitions: 6,
  partitionsConsumedConcurrently: 3,
  /** Every scenario of every client stops at this bound, whatever it has done by then. */
  scenarioTimeoutMs: envInt('BENCH_KAFKA_SCENARIO_TIMEOUT_MS', 60_000),
  /** A discarded round at a tenth of the sizes, so neither client meets a cold broker or JIT first. */
  warmupRound: process.env['BENCH_KAFKA_WARMUP'] !== '0',
  warmupSends: 50,
  endToEndWaitMs: 10_000,
  /** Unset: the library's defaults (50 MB, no per-partition cap). 10485760 / 1048576 are kafkajs' defaults. */
  platformaticMaxBytes: process.env['BENCH_PLATFORMATIC_MAX_BYTES'] ? envInt('BENCH_PLATFORMATIC_MAX_BYTES', 0) : undefined,
  platformaticMaxBytesPerPartition: process.env['BENCH_PLATFORMATIC_MAX_BYTES_PER_PARTITION'] ? envInt('BENCH_PLATFORMATIC_MAX_BYTES_PER_PARTITION', 0) : undefined,
};

interface ProducerThroughputResult {
  records: number;
  ms: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
  truncated: boolean;
}

interface LatencyResult extends Percentiles {
  truncated: boolean;
  missed: number;
}

interface ConsumerThroughputResult {
  records: number;
  /** From creating the consumer to the end of its group join (assignment received). */
  startToJoinedMs: number;
  /** From the group join to the first record in the handler: the first fetch. */
  joinedToFirstMs: number;
  /** From the group join to the commit that covers the last record: fetching, handling, committing. */
  joinedToAllCommittedMs: number;
  /** records / joinedToAllCommittedMs. */
  recordsPerSecond: number;
  duplicates: number;
  commitErrors: number;
  truncated: boolean;
}

type ScenarioResult = ProducerThroughputResult | LatencyResult | ConsumerThroughputResult;

interface ClientBench {
  producerThroughput(topic: string, records: readonly BenchRecord[], deadline: number): Promise<ProducerThroughputResult>;
  producerLatency(topic: string, records: readonly BenchRecord[], deadline: number): Promise<LatencyResult>;
  consumerThroughput(topic: string, groupId: string, expected: number, deadline: number): Promise<ConsumerThroughputResult>;
  endToEnd(topic: string, groupId: string, records: readonly BenchRecord[], warmup: readonly BenchRecord[], deadline: number): Promise<LatencyResult>;
}

/** What both clients' handlers do with a record; a promise, as our handlers are. */
let sink = 0;
function handle(value: string, ceId: string | undefined): Promise<void> {
  sink += touch(value, ceId);
  return Promise.resolve();
}

function recordBytes(record: BenchRecord): number {
  let bytes = Buffer.byteLength(record.key) + Buffer.byteLength(record.value);
  for (const [name, value] of Object.entries(record.headers)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

function throughputOf(records: readonly BenchRecord[], sent: number, ms: number): ProducerThroughputResult {
  const bytes = records.slice(0, sent).reduce((total, record) => total + recordBytes(record), 0);
  return {
    records: sent,
    ms: Math.round(ms),
    recordsPerSecond: Math.round((sent / ms) * 1_000),
    megabytesPerSecond: Math.round((bytes / 1024 ** 2 / (ms / 1_000)) * 100) / 100,
    truncated: sent < records.length,
  };
}

function latencyOf(samples: number[], wanted: number, missed = 0): LatencyResult {
  const round = (value: number) => Math.round(value * 1_000) / 1_000;
  const stats = percentiles(samples);
  return {
    count: stats.count,
    p50: round(stats.p50),
    p90: round(stats.p90),
    p99: round(stats.p99),
    max: round(stats.max),
    mean: round(stats.mean),
    truncated: samples.length + missed < wanted,
    missed,
  };
}

function firstHeader(value: IHeaders[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString();
}

/** Waits for records by ce_id; the consumer reports each id it sees. */
class Sightings {
  private readonly waiting = new Map<string, Deferred<number>>();

  expect(id: string): Promise<number> {
    const seen = deferred<number>();
    this.waiting.set(id, seen);
    return seen.promise;
  }

  forget(id: string): void {
    this.waiting.delete(id);
  }

  seen(id: string | undefined): void {
    if (id === undefined) return;
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    waiter.resolve(performance.now());
  }
}

/** One record at a time: send, then wait until the consumer's handler has it. */
async function endToEndLoop(
  send: (record: BenchRecord) => Promise<unknown>,
  sightings: Sightings,
  records: readonly BenchRecord[],
  warmup: readonly BenchRecord[],
  deadline: number,
): Promise<LatencyResult> {
  // The first record also waits for the group join and the first fetch.
  let joined = false;
  for (const [index, record] of warmup.entries()) {
    if (performance.now() > deadline) break;
    const seen = sightings.expect(record.id);
    await send(record);
    const at = await within(seen, index === 0 ? 30_000 : 5_000);
    if (at === undefined) sightings.forget(record.id);
    else joined = true;
  }
  if (!joined) throw new Error('the consumer saw none of the warm-up records');

  const samples: number[] = [];
  let missed = 0;
  for (const record of records) {
    if (performance.now() > deadline) break;
    const seen = sightings.expect(record.id);
    const sentAt = performance.now();
    await send(record);
    const at = await within(seen, Math.min(config.endToEndWaitMs, Math.max(0, deadline - performance.now())));
    if (at === undefined) {
      sightings.forget(record.id);
      missed += 1;
    } else {
      samples.push(at - sentAt);
    }
  }
  return latencyOf(samples, records.length, missed);
}

/** Progress of a consumer towards "every record handled and its offset committed". */
class ConsumptionTracker {
  processed = 0;
  duplicates = 0;
  commitErrors = 0;
  firstAt = NaN;
  joinedAt = NaN;
  readonly allCommitted = deferred<number>();
  private readonly lastOffset = new Map<number, number>();
  private readonly committed = new Map<number, number>();

  constructor(private readonly expected: number) {}

  joined(): void {
    if (Number.isNaN(this.joinedAt)) this.joinedAt = performance.now();
  }

  received(partition: number, offset: number): void {
    if (Number.isNaN(this.firstAt)) this.firstAt = performance.now();
    const last = this.lastOffset.get(partition);
    if (last !== undefined && offset <= last) this.duplicates += 1;
    else this.lastOffset.set(partition, offset);
    this.processed += 1;
  }

  /** `next` is the committed position: the offset after the last handled record. */
  committedUpTo(partition: number, next: number): void {
    if (next > (this.committed.get(partition) ?? 0)) this.committed.set(partition, next);
    let total = 0;
    for (const value of this.committed.values()) total += value;
    if (total >= this.expected) this.allCommitted.resolve(performance.now());
  }

  result(startedAt: number, doneAt: number | undefined): ConsumerThroughputResult {
    const end = doneAt ?? performance.now();
    const span = end - this.joinedAt;
    return {
      records: this.processed,
      startToJoinedMs: Math.round(this.joinedAt - startedAt),
      joinedToFirstMs: Math.round(this.firstAt - this.joinedAt),
      joinedToAllCommittedMs: Math.round(span),
      recordsPerSecond: Math.round((this.processed / span) * 1_000),
      duplicates: this.duplicates,
      commitErrors: this.commitErrors,
      truncated: doneAt === undefined,
    };
  }
}

function kafkajsBench(brokers: string[]): ClientBench {
  const producerOf = (clientId: string) =>
    kafkajsClient(brokers, clientId).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const toMessage = (record: BenchRecord) => ({ key: record.key, value: record.value, headers: record.headers });

  return {
    async producerThroughput(topic, records, deadline) {
      const producer = producerOf(`bench-kafkajs-${topic}`);
      await producer.connect();
      try {
        const send = (messages: ReturnType<typeof toMessage>[]) =>
          producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: [{ topic, messages }] });
        await send(records.slice(0, config.batchSize).map(toMessage)); // connection, metadata, producer id
        const messages = records.map(toMessage);
        let sent = 0;
        const startedAt = performance.now();
        while (sent < messages.length && performance.now() < deadline) {
          const batch = messages.slice(sent, sent + config.batchSize);
          await send(batch);
          sent += batch.length;
        }
        return throughputOf(records, sent, performance.now() - startedAt);
      } finally {
        await producer.disconnect();
      }
    },

    async producerLatency(topic, records, deadline) {
      const producer = producerOf(`bench-kafkajs-${topic}`);
      await producer.connect();
      try {
        const send = (record: BenchRecord) => producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: [toMessage(record)] });
        for (const record of records.slice(0, config.warmupSends)) await send(record);
        const samples: number[] = [];
        for (const record of records) {
          if (performance.now() > deadline) break;
          const startedAt = performance.now();
          await send(record);
          samples.push(performance.now() - startedAt);
        }
        return latencyOf(samples, records.length);
      } finally {
        await producer.disconnect();
      }
    },

    async consumerThroughput(topic, groupId, expected, deadline) {
      const tracker = new ConsumptionTracker(expected);
      const startedAt = performance.now();
      const consumer = kafkajsClient(brokers, `bench-kafkajs-${groupId}`).consumer({ groupId, allowAutoTopicCreation: false });
      consumer.on(consumer.events.GROUP_JOIN, () => tracker.joined());
      consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
        for (const committed of payload.topics) {
          for (const { partition, offset } of committed.partitions) tracker.committedUpTo(partition, Number(offset));
        }
      });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        // As EventConsumerServer: eachMessage, 3 partitions at a time, autoCommit left at its
        // default, so kafkajs resolves each offset after the handler and commits what is resolved.
        await consumer.run({
          partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
          eachMessage: ({ partition, message }) => {
            tracker.received(partition, Number(message.offset));
            return handle(message.value?.toString() ?? 'null', firstHeader(message.headers?.['ce_id']));
          },
        });
        const doneAt = await within(tracker.allCommitted.promise, deadline - performance.now());
        return tracker.result(startedAt, doneAt);
      } finally {
        await consumer.disconnect();
      }
    },

    async endToEnd(topic, groupId, records, warmup, deadline) {
      const kafka = kafkajsClient(brokers, `bench-kafkajs-${groupId}`);
      const sightings = new Sightings();
      const producer: KafkajsProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
      await producer.connect();
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
          eachMessage: ({ message }) => {
            const id = firstHeader(message.headers?.['ce_id']);
            sightings.seen(id);
            return handle(message.value?.toString() ?? 'null', id);
          },
        });
        const send = (record: BenchRecord) =>
          producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: [toMessage(record)] });
        return await endToEndLoop(send, sightings, records, warmup, deadline);
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
      }
    },
  };
}

function platformaticBench(brokers: string[]): ClientBench {
  const producerOf = (clientId: string) =>
    new Producer({
      ...platformaticBaseOptions(brokers, clientId),
      idempotent: true,
      acks: ProduceAcks.ALL,
      maxInflights: 1,
      autocreateTopics: false,
      // Same key → partition mapping as kafkajs/Java; the library's default differs (see the guarantee probe).
      partitioner: compatibilityPartitioner,
      serializers: stringSerializers,
    });
  const consumerOf = (groupId: string) =>
    new Consumer({
      ...platformaticBaseOptions(brokers, `bench-platformatic-${groupId}`),
      groupId,
      deserializers: stringDeserializers,
      ...(config.platformaticMaxBytes ? { maxBytes: config.platformaticMaxBytes } : {}),
      ...(config.platformaticMaxBytesPerPartition ? { maxBytesPerPartition: config.platformaticMaxBytesPerPartition } : {}),
    });
  // autocommit: false. The default (true) commits each fetched batch as soon as it is pushed
  // into the stream, before the handler runs (see the guarantee probe). COMMITTED with an
  // EARLIEST fallback is kafkajs' fromBeginning for a group.
  const consumeOptions = (topic: string) => ({
    topics: [topic],
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: MessagesStreamFallbackModes.EARLIEST,
    autocommit: false,
  });
  const toMessage = (topic: string) => (record: BenchRecord) => ({ topic, key: record.key, value: record.value, headers: record.headers });

  return {
    async producerThroughput(topic, records, deadline) {
      const producer = producerOf(`bench-platformatic-${topic}`);
      try {
        await producer.send({ messages: records.slice(0, config.batchSize).map(toMessage(topic)) }); // connection, metadata, producer id
        const messages = records.map(toMessage(topic));
        let sent = 0;
        const startedAt = performance.now();
        while (sent < messages.length && performance.now() < deadline) {
          const batch = messages.slice(sent, sent + config.batchSize);
          await producer.send({ messages: batch });
          sent += batch.length;
        }
        return throughputOf(records, sent, performance.now() - startedAt);
      } finally {
        await producer.close();
      }
    },

    async producerLatency(topic, records, deadline) {
      const producer = producerOf(`bench-platformatic-${topic}`);
      const message = toMessage(topic);
      try {
        for (const record of records.slice(0, config.warmupSends)) await producer.send({ messages: [message(record)] });
        const samples: number[] = [];
        for (const record of records) {
          if (performance.now() > deadline) break;
          const startedAt = performance.now();
          await producer.send({ messages: [message(record)] });
          samples.push(performance.now() - startedAt);
        }
        return latencyOf(samples, records.length);
      } finally {
        await producer.close();
      }
    },

    async consumerThroughput(topic, groupId, expected, deadline) {
      const tracker = new ConsumptionTracker(expected);
      const startedAt = performance.now();
      const consumer = consumerOf(groupId);
      consumer.on('consumer:group:join', () => tracker.joined());
      try {
        const stream = await consumer.consume(consumeOptions(topic));
        // One record at a time, in stream order; its offset is committed once the handler is
        // done. The commit is not awaited: the stream merges commits per partition into one
        // request in flight, so, as with kafkajs, the committed offset trails what was handled.
        const loop = (async () => {
          for await (const message of stream) {
            const partition = message.partition;
            tracker.received(partition, Number(message.offset));
            await handle(message.value, message.headers.get('ce_id'));
            const next = Number(message.offset + 1n);
            void message.commit((error) => {
              if (error) tracker.commitErrors += 1;
              else tracker.committedUpTo(partition, next);
            });
          }
        })();
        const doneAt = await within(tracker.allCommitted.promise, deadline - performance.now());
        await stream.close();
        await loop.catch((error: unknown) => log(`platformatic consumer loop ended with ${describeError(error)}`));
        return tracker.result(startedAt, doneAt);
      } finally {
        await consumer.close(true);
      }
    },

    async endToEnd(topic, groupId, records, warmup, deadline) {
      const sightings = new Sightings();
      const producer = producerOf(`bench-platformatic-${groupId}`);
      const consumer = consumerOf(groupId);
      const message = toMessage(topic);
      try {
        const stream = await consumer.consume(consumeOptions(topic));
        const loop = (async () => {
          for await (const received of stream) {
            const id = received.headers.get('ce_id');
            sightings.seen(id);
            await handle(received.value, id);
            void received.commit((error) => {
              if (error) log(`platformatic commit failed: ${describeError(error)}`);
            });
          }
        })();
        try {
          return await endToEndLoop((record) => producer.send({ messages: [message(record)] }), sightings, records, warmup, deadline);
        } finally {
          await stream.close();
          await loop.catch((error: unknown) => log(`platformatic consumer loop ended with ${describeError(error)}`));
        }
      } finally {
        await consumer.close(true);
        await producer.close();
      }
    },
  };
}

interface RunRecord {
  round: 'warmup' | number;
  scenario: Scenario;
  client: ClientName;
  position: number;
  topic: string;
  result?: ScenarioResult;
  error?: string;
}

async function createTopic(admin: Admin, topic: string): Promise<void> {
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: config.partitions, replicationFactor: -1 }],
  });
  if (!created) throw new Error(`topic ${topic} already exists`);
}

async function preProduce(producer: KafkajsProducer, topic: string, records: readonly BenchRecord[]): Promise<void> {
  for (let index = 0; index < records.length; index += config.batchSize) {
    const messages = records.slice(index, index + config.batchSize).map((record) => ({ key: record.key, value: record.value, headers: record.headers }));
    await producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: [{ topic, messages }] });
  }
}

function summarise(result: ScenarioResult | undefined): string {
  if (!result) return 'no result';
  if ('recordsPerSecond' in result && 'megabytesPerSecond' in result) {
    return `${result.recordsPerSecond.toLocaleString('en-US')} records/s, ${result.megabytesPerSecond} MB/s (${result.records} records in ${result.ms} ms${result.truncated ? ', TRUNCATED' : ''})`;
  }
  if ('joinedToAllCommittedMs' in result) {
    return (
      `${result.recordsPerSecond.toLocaleString('en-US')} records/s (${result.records} records; start→joined ${result.startToJoinedMs} ms, ` +
      `joined→first record ${result.joinedToFirstMs} ms, joined→all committed ${result.joinedToAllCommittedMs} ms; duplicates ${result.duplicates}, commit errors ${result.commitErrors}${result.truncated ? ', TRUNCATED' : ''})`
    );
  }
  return `p50 ${result.p50} ms, p90 ${result.p90} ms, p99 ${result.p99} ms, max ${result.max} ms (n=${result.count}${result.missed ? `, missed ${result.missed}` : ''}${result.truncated ? ', TRUNCATED' : ''})`;
}

interface MetricRow {
  scenario: Scenario;
  metric: string;
  unit: string;
  better: 'higher' | 'lower';
  values: Record<ClientName, number[]>;
  medians: Record<ClientName, number>;
  /** platformatic / kafkajs, of the medians. */
  ratio: number;
}

const METRICS: { scenario: Scenario; metric: string; unit: string; better: 'higher' | 'lower'; pick: (result: ScenarioResult) => number }[] = [
  { scenario: 'producer-throughput', metric: 'throughput', unit: 'records/s', better: 'higher', pick: (r) => (r as ProducerThroughputResult).recordsPerSecond },
  { scenario: 'producer-throughput', metric: 'throughput', unit: 'MB/s', better: 'higher', pick: (r) => (r as ProducerThroughputResult).megabytesPerSecond },
  { scenario: 'producer-latency', metric: 'p50', unit: 'ms', better: 'lower', pick: (r) => (r as LatencyResult).p50 },
  { scenario: 'producer-latency', metric: 'p90', unit: 'ms', better: 'lower', pick: (r) => (r as LatencyResult).p90 },
  { scenario: 'producer-latency', metric: 'p99', unit: 'ms', better: 'lower', pick: (r) => (r as LatencyResult).p99 },
  { scenario: 'consumer-throughput', metric: 'throughput (group joined → all committed)', unit: 'records/s', better: 'higher', pick: (r) => (r as ConsumerThroughputResult).recordsPerSecond },
  { scenario: 'consumer-throughput', metric: 'start → group joined', unit: 'ms', better: 'lower', pick: (r) => (r as ConsumerThroughputResult).startToJoinedMs },
  { scenario: 'consumer-throughput', metric: 'group joined → first record', unit: 'ms', better: 'lower', pick: (r) => (r as ConsumerThroughputResult).joinedToFirstMs },
  { scenario: 'end-to-end', metric: 'p50', unit: 'ms', better: 'lower', pick: (r) => (r as LatencyResult).p50 },
  { scenario: 'end-to-end', metric: 'p90', unit: 'ms', better: 'lower', pick: (r) => (r as LatencyResult).p90 },
  { scenario: 'end-to-end', metric: 'p99', unit: 'ms', better: 'lower', pick: (r) => (r as LatencyResult).p99 },
];

function metricRows(runs: readonly RunRecord[]): MetricRow[] {
  return METRICS.map(({ scenario, metric, unit, better, pick }) => {
    const values = Object.fromEntries(
      CLIENTS.map((client) => [
        client,
        runs.filter((run) => run.round !== 'warmup' && run.scenario === scenario && run.client === client && run.result).map((run) => pick(run.result!)),
      ]),
    ) as Record<ClientName, number[]>;
    const medians = { kafkajs: median(values.kafkajs), platformatic: median(values.platformatic) };
    return { scenario, metric, unit, better, values, medians, ratio: Math.round((medians.platformatic / medians.kafkajs) * 100) / 100 };
  });
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 100) / 100);
}

function markdownReport(options: {
  startedAt: Date;
  durationS: number;
  machine: MachineDescription;
  loadAverageAtEnd: number[];
  suiteBrokerChecks: boolean[];
  rows: MetricRow[];
  runs: RunRecord[];
  recordBytesAverage: number;
  valueBytesAverage: number;
}): string {
  const { startedAt, durationS, machine, loadAverageAtEnd, suiteBrokerChecks, rows, runs, recordBytesAverage, valueBytesAverage } = options;
  const suiteBusy = suiteBrokerChecks.filter(Boolean).length;
  const lines: string[] = [];
  lines.push(`# Kafka clients: kafkajs ${machine.kafkajs} vs @platformatic/kafka ${machine.platformaticKafka}`, '');
  lines.push(`Run ${startedAt.toISOString()} (${durationS} s) with \`npm run bench:kafka-clients\`.`, '');
  lines.push('| Machine | |', '| --- | --- |');
  lines.push(`| CPU | ${machine.cores} × ${machine.cpuModel} |`);
  lines.push(`| Memory | ${machine.memoryGiB} GiB |`);
  lines.push(`| OS | ${machine.os} |`);
  lines.push(`| Node.js | ${machine.node} |`);
  lines.push(`| Kafka | ${machine.kafka}, brokers ${machine.brokers.join(', ')} |`);
  lines.push(`| Load average (1/5/15 min) | start ${machine.loadAverageAtStart.join(' / ')}, end ${loadAverageAtEnd.join(' / ')} |`);
  lines.push(
    `| Test-suite broker on 19092 | listening at ${suiteBusy} of ${suiteBrokerChecks.length} checks (start of each round, end)${suiteBusy > 0 ? ': the test suite shared the machine for part of the run' : ''} |`,
    '',
  );
  lines.push(
    `Records: JSON values of ~${valueBytesAverage} bytes, ~${recordBytesAverage} bytes with the key and the 7 CloudEvents headers, keyed by one of ${CITIZEN_POOL_SIZE} citizen ids, ` +
      `${config.partitions} partitions, a fresh topic per client, scenario and repetition. ` +
      `${config.repetitions} repetitions, client order alternating; medians below. ` +
      `Producer throughput: ${config.records} records in batches of ${config.batchSize}, one batch in flight. ` +
      `Producer latency: ${config.latencySends} single-record sends. Consumer: ${config.records} pre-produced records. ` +
      `End to end: ${config.endToEndRecords} records, one at a time.`,
    '',
  );
  lines.push('| Scenario | Metric | kafkajs | @platformatic/kafka | ratio platformatic/kafkajs | better |', '| --- | --- | ---: | ---: | ---: | --- |');
  for (const row of rows) {
    lines.push(
      `| ${row.scenario} | ${row.metric} (${row.unit}) | ${formatNumber(row.medians.kafkajs)} | ${formatNumber(row.medians.platformatic)} | ${formatNumber(row.ratio)} | ${row.better} |`,
    );
  }
  lines.push('', '## Each repetition', '', '| Scenario | Metric | kafkajs | @platformatic/kafka |', '| --- | --- | --- | --- |');
  for (const row of rows) {
    lines.push(`| ${row.scenario} | ${row.metric} (${row.unit}) | ${row.values.kafkajs.map(formatNumber).join(', ')} | ${row.values.platformatic.map(formatNumber).join(', ')} |`);
  }
  const failed = runs.filter((run) => run.error);
  const truncated = runs.filter((run) => run.result && 'truncated' in run.result && run.result.truncated);
  if (failed.length > 0 || truncated.length > 0) {
    lines.push('', '## Incomplete runs', '');
    for (const run of failed) lines.push(`- ${run.round} ${run.scenario} ${run.client}: ${run.error}`);
    for (const run of truncated) lines.push(`- ${run.round} ${run.scenario} ${run.client}: stopped at the time bound (${summarise(run.result)})`);
  }
  lines.push(
    '',
    '## How each client is driven',
    '',
    '- kafkajs: `producer({ idempotent: true, maxInFlightRequests: 1 })`, `sendBatch({ acks: -1, compression: None, topicMessages })`; ' +
      '`consumer({ groupId })`, `subscribe({ fromBeginning: true })`, `run({ partitionsConsumedConcurrently: 3, eachMessage })` with autoCommit at its default ' +
      '(offsets resolved after each handler, committed after each fetched batch), as libs/messaging does.',
    '- @platformatic/kafka: `new Producer({ idempotent: true, acks: ProduceAcks.ALL, maxInflights: 1, partitioner: compatibilityPartitioner, serializers: stringSerializers })`, ' +
      '`send({ messages })` with 500 messages; `new Consumer({ groupId, deserializers: stringDeserializers })`, ' +
      '`consume({ topics, mode: COMMITTED, fallbackMode: EARLIEST, autocommit: false })`, `for await` over the stream (one record at a time, all partitions), ' +
      '`message.commit(callback)` after the handler, not awaited (the stream merges commits per partition into one request in flight).',
    '- Consumer throughput runs from the end of the group join (assignment received) to the commit that covers the last record, so it includes fetching the backlog; ' +
      '"group joined → first record" is the first fetch. Fetch sizes: kafkajs its defaults, maxBytes 10 MB / 1 MB per partition; @platformatic/kafka ' +
      (config.platformaticMaxBytes || config.platformaticMaxBytesPerPartition
        ? `maxBytes ${config.platformaticMaxBytes ?? 'default (50 MB)'}, maxBytesPerPartition ${config.platformaticMaxBytesPerPartition ?? 'default (= maxBytes)'} (BENCH_PLATFORMATIC_MAX_BYTES*).`
        : 'its defaults, maxBytes 50 MB with no per-partition cap, so its first fetch brings most of the backlog at once (BENCH_PLATFORMATIC_MAX_BYTES* change that).'),
    '- End to end: one record sent, then wait until the consumer\'s handler sees it (same process), repeated.',
  );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  log(`kafka clients benchmark: ${JSON.stringify(config)}`);
  const broker = await startBenchBroker();
  log(`broker ${broker.brokers.join(',')} (${broker.source})`);
  const stopBroker = () => void broker.stop();
  process.once('SIGINT', stopBroker);
  process.once('SIGTERM', stopBroker);

  const admin = kafkajsClient(broker.brokers, 'bench-admin').admin();
  const feeder = kafkajsClient(broker.brokers, 'bench-feeder').producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const topics: string[] = [];
  const runs: RunRecord[] = [];
  const suiteBrokerChecks: boolean[] = [];
  try {
    await admin.connect();
    await feeder.connect();
    const machine = await describeMachine(broker);
    log(`machine: ${JSON.stringify(machine)}`);
    const citizens = citizenPool();
    const sized = (count: number, round: 'warmup' | number) => (round === 'warmup' ? Math.max(100, Math.floor(count / 10)) : count);
    const benches: Record<ClientName, ClientBench> = { kafkajs: kafkajsBench(broker.brokers), platformatic: platformaticBench(broker.brokers) };
    const runId = stamp(startedAt).replace(/[^0-9A-Za-z]/g, '').toLowerCase();
    const rounds: ('warmup' | number)[] = [...(config.warmupRound ? ['warmup' as const] : []), ...Array.from({ length: config.repetitions }, (_, index) => index)];

    for (const round of rounds) {
      const order: readonly ClientName[] = round === 'warmup' || round % 2 === 0 ? CLIENTS : [...CLIENTS].reverse();
      suiteBrokerChecks.push(await isPortListening(19092));
      log(`round ${round}: order ${order.join(' → ')}${suiteBrokerChecks.at(-1) ? ' (the test suite broker on 19092 is up: timings are shared)' : ''}`);
      const throughputRecords = benchRecords(sized(config.records, round), citizens);
      const latencyRecords = benchRecords(sized(config.latencySends, round), citizens, 1_000_000);
      const endToEndRecords = benchRecords(sized(config.endToEndRecords, round), citizens, 2_000_000);
      const endToEndWarmup = benchRecords(20, citizens, 3_000_000);

      for (const scenario of SCENARIOS) {
        for (const [position, client] of order.entries()) {
          const topic = `bench.${runId}.${round}.${scenario}.${client}`;
          const run: RunRecord = { round, scenario, client, position, topic };
          runs.push(run);
          try {
            await createTopic(admin, topic);
            topics.push(topic);
            if (scenario === 'consumer-throughput') await preProduce(feeder, topic, throughputRecords);
            const bench = benches[client];
            const deadline = performance.now() + config.scenarioTimeoutMs;
            log(`round ${round} ${scenario} ${client}: running`);
            switch (scenario) {
              case 'producer-throughput':
                run.result = await bench.producerThroughput(topic, throughputRecords, deadline);
                break;
              case 'producer-latency':
                run.result = await bench.producerLatency(topic, latencyRecords, deadline);
                break;
              case 'consumer-throughput':
                run.result = await bench.consumerThroughput(topic, `${topic}.group`, throughputRecords.length, deadline);
                break;
              case 'end-to-end':
                run.result = await bench.endToEnd(topic, `${topic}.group`, endToEndRecords, endToEndWarmup, deadline);
                break;
            }
            log(`round ${round} ${scenario} ${client}: ${summarise(run.result)}`);
          } catch (error) {
            run.error = describeError(error);
            log(`round ${round} ${scenario} ${client}: FAILED ${run.error}`);
          }
        }
      }
    }

    const rows = metricRows(runs);
    const loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
    suiteBrokerChecks.push(await isPortListening(19092));
    const durationS = Math.round((Date.now() - startedAt.getTime()) / 1_000);
    const sample = benchRecords(100, citizens);
    const recordBytesAverage = Math.round(sample.reduce((total, record) => total + recordBytes(record), 0) / sample.length);
    const valueBytesAverage = Math.round(sample.reduce((total, record) => total + Buffer.byteLength(record.value), 0) / sample.length);
    const markdown = markdownReport({ startedAt, durationS, machine, loadAverageAtEnd, suiteBrokerChecks, rows, runs, recordBytesAverage, valueBytesAverage });
    const written = await writeResults(
      `kafka-clients-${stamp(startedAt)}`,
      { startedAt: startedAt.toISOString(), durationS, config, machine, loadAverageAtEnd, suiteBrokerChecks, recordBytesAverage, valueBytesAverage, summary: rows, runs, sink },
      markdown,
    );
    console.log(`\n${markdown}`);
    log(`results: ${written.md} and ${written.json}`);
    if (runs.some((run) => run.error && run.round !== 'warmup')) process.exitCode = 1;
  } finally {
    await admin
      .deleteTopics({ topics, timeout: 30_000 })
      .catch((error: unknown) => log(`could not delete the benchmark topics: ${describeError(error)}`));
    await feeder.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await broker.stop();
    process.removeListener('SIGINT', stopBroker);
    process.removeListener('SIGTERM', stopBroker);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
