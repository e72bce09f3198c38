import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, IHeaders } from 'kafkajs';
import {
  compatibilityPartitioner,
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  SASLMechanisms,
  stringDeserializers,
  stringSerializers,
  type Message,
  MessagesStream as MessagesStreamClass,
  type MessagesStream,
} from '@platformatic/kafka';
import {
  benchRecords,
  bounded,
  citizenPool,
  deferred,
  describeError,
  describeMachine,
  kafkajsClient,
  log,
  platformaticBaseOptions,
  stamp,
  startBenchBroker,
  within,
  writeResults,
} from './kafka-clients.shared';

/**
 * What libs/messaging relies on kafkajs for, checked against a real broker with
 * @platformatic/kafka: PASS/FAIL per property, plus what the documentation says about the
 * rest. Run with `npm run bench:kafka-client-guarantees`.
 */

type Verdict = 'PASS' | 'FAIL' | 'WARN' | 'INFO';
interface Finding {
  property: string;
  verdict: Verdict;
  detail: string;
}

const SESSION_TIMEOUT_MS = 6_000; // the broker's group.min.session.timeout.ms
const LONG_HANDLER_MS = 10_000;
const PROBE_TIMEOUT_MS = 60_000;

/** A forked consumer: what it is to consume, and how far it gets before it "hangs" in its handler. */
interface ChildSpec {
  brokers: string[];
  topic: string;
  groupId: string;
  autocommit: boolean;
  /** Records below this offset are handled and committed; the next one hangs in the handler. */
  handleBelow: number;
}

type ChildReport = { type: 'committed'; offset: number } | { type: 'processing'; offset: number } | { type: 'autocommit'; offsets: string };

function rawConsumer(brokers: string[], groupId: string, extra: Partial<{ sessionTimeout: number; heartbeatInterval: number; rebalanceTimeout: number }> = {}) {
  return new Consumer({ ...platformaticBaseOptions(brokers, `probe-${groupId}`), groupId, ...extra });
}

function consumeOptions(topics: string[], autocommit = false) {
  return { topics, mode: MessagesStreamModes.COMMITTED, fallbackMode: MessagesStreamFallbackModes.EARLIEST, autocommit };
}

function commit<K, V, HK, HV>(message: Message<K, V, HK, HV>): Promise<void> {
  return new Promise((resolve, reject) => {
    void message.commit((error) => (error ? reject(error) : resolve()));
  });
}

/** Up to `count` messages from the stream (fewer once `ms` have passed), then whatever else arrives within `settleMs`. */
async function take<K, V, HK, HV>(stream: MessagesStream<K, V, HK, HV>, count: number, ms: number, settleMs = 0): Promise<Message<K, V, HK, HV>[]> {
  const taken: Message<K, V, HK, HV>[] = [];
  const enough = deferred<void>();
  const onData = (message: Message<K, V, HK, HV>) => {
    taken.push(message);
    if (taken.length >= count) enough.resolve();
  };
  stream.on('data', onData);
  await within(enough.promise, ms);
  if (settleMs > 0) await sleep(settleMs);
  stream.removeListener('data', onData);
  return taken;
}

async function child(spec: ChildSpec): Promise<void> {
  const send = (report: ChildReport) => process.send?.(report);
  const consumer = new Consumer({
    ...platformaticBaseOptions(spec.brokers, `probe-child-${spec.groupId}`),
    groupId: spec.groupId,
    sessionTimeout: SESSION_TIMEOUT_MS,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 10_000,
  });
  const stream = await consumer.consume(consumeOptions([spec.topic], spec.autocommit));
  stream.on('autocommit', (error, offsets) => {
    if (!error) send({ type: 'autocommit', offsets: offsets.map((o) => `${o.partition}@${o.offset}`).join(',') });
  });
  for await (const message of stream) {
    const offset = Number(message.offset);
    if (offset < spec.handleBelow) {
      await commit(message);
      send({ type: 'committed', offset });
    } else {
      send({ type: 'processing', offset });
      await new Promise(() => undefined); // the handler never returns: the parent kills us here
    }
  }
}

class Probe {
  readonly findings: Finding[] = [];
  /** Checks that could not be carried out (as opposed to properties the library lacks). */
  errors = 0;
  private readonly topics: string[] = [];
  private readonly citizens = citizenPool();
  private readonly run = randomUUID().slice(0, 8);

  constructor(
    private readonly brokers: string[],
    private readonly admin: Admin,
  ) {}

  report(property: string, verdict: Verdict, detail: string): void {
    this.findings.push({ property, verdict, detail });
    log(`${verdict.padEnd(4)} ${property}: ${detail}`);
  }

  async check(property: string, body: () => Promise<{ verdict: Verdict; detail: string }>): Promise<void> {
    log(`checking: ${property}`);
    try {
      const { verdict, detail } = await bounded(body(), PROBE_TIMEOUT_MS, property);
      this.report(property, verdict, detail);
    } catch (error) {
      this.errors += 1;
      this.report(property, 'FAIL', `error: ${describeError(error)}`);
    }
  }

  async topic(name: string, partitions: number): Promise<string> {
    const topic = `probe.${this.run}.${name}`;
    await this.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: -1 }] });
    this.topics.push(topic);
    return topic;
  }

  async deleteTopics(): Promise<void> {
    if (this.topics.length > 0) await this.admin.deleteTopics({ topics: this.topics, timeout: 30_000 });
  }

  producer() {
    return new Producer({
      ...platformaticBaseOptions(this.brokers, `probe-producer-${this.run}`),
      idempotent: true,
      acks: ProduceAcks.ALL,
      maxInflights: 1,
      autocreateTopics: false,
      partitioner: compatibilityPartitioner,
      serializers: stringSerializers,
    });
  }

  async produceNumbered(topic: string, count: number): Promise<void> {
    const producer = this.producer();
    try {
      await producer.send({ messages: Array.from({ length: count }, (_, index) => ({ topic, key: 'citizen-1', value: `m${index}` })) });
    } finally {
      await producer.close();
    }
  }

  async committedOffset(groupId: string, topic: string): Promise<number> {
    const [entry] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(entry?.partitions[0]?.offset ?? -1);
  }

  async idempotentProducer(): Promise<{ verdict: Verdict; detail: string }> {
    const topic = await this.topic('idempotent', 3);
    const records = benchRecords(1_000, this.citizens);
    const producer = this.producer();
    let acknowledged = 0;
    let rejected = 'not rejected';
    try {
      for (let index = 0; index < records.length; index += 100) {
        const result = await producer.send({
          messages: records.slice(index, index + 100).map((record) => ({ topic, key: record.key, value: record.value, headers: record.headers })),
        });
        acknowledged += result.offsets?.length ? 100 : 0;
      }
      try {
        await producer.send({ acks: ProduceAcks.LEADER, messages: [{ topic, key: 'k', value: 'acks=1' }] });
      } catch (error) {
        rejected = `rejected ("${describeError(error)}")`;
      }
    } finally {
      await producer.close();
    }
    const producerId = producer.producerId;
    const producerEpoch = producer.producerEpoch;

    const consumer = new Consumer({ ...platformaticBaseOptions(this.brokers, 'probe-idempotent'), groupId: `${topic}.group`, deserializers: stringDeserializers });
    try {
      const stream = await consumer.consume(consumeOptions([topic]));
      const seen = await take(stream, records.length, 20_000, 1_500);
      await stream.close();
      const ids = new Set(seen.map((message) => message.headers.get('ce_id')));
      const lastSequence = new Map<string, number>();
      let outOfOrder = 0;
      for (const message of seen) {
        const { sequence } = JSON.parse(message.value) as { sequence: number };
        if (sequence <= (lastSequence.get(message.key) ?? -1)) outOfOrder += 1;
        lastSequence.set(message.key, sequence);
      }
      const ok = producerId !== undefined && producerId >= 0n && seen.length === records.length && ids.size === records.length && outOfOrder === 0 && rejected.startsWith('rejected');
      return {
        verdict: ok ? 'PASS' : 'FAIL',
        detail:
          `producerId ${String(producerId)} epoch ${String(producerEpoch)}; ${acknowledged} records acknowledged with acks=all in 10 sends; ` +
          `read back ${seen.length} records, ${ids.size} distinct, ${outOfOrder} out of per-key order; an acks=1 send on the idempotent producer was ${rejected}. ` +
          '(No broker fault was injected: this shows the producer is idempotent and in order, not that a retried batch is deduplicated.)',
      };
    } finally {
      await consumer.close(true);
    }
  }

  async bytesRoundTrip(): Promise<{ verdict: Verdict; detail: string }> {
    const topic = await this.topic('bytes', 1);
    const ce = benchRecords(1, this.citizens)[0];
    const cases: { key: Buffer; value: Buffer; headers: [string, Buffer][] }[] = [
      {
        key: Buffer.from(ce.key),
        value: Buffer.from(ce.value),
        headers: Object.entries(ce.headers).map(([name, value]) => [name, Buffer.from(value)]),
      },
      {
        key: Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x7f, 0x0a, 0x0d]),
        value: randomBytes(257),
        headers: [
          ['ce_id', Buffer.from(randomUUID())],
          ['binary', randomBytes(48)],
          ['empty', Buffer.alloc(0)],
          ['utf8', Buffer.from('Sở Tư pháp thành phố Hà Nội 🇻🇳')],
          ['nul', Buffer.from([0x00, 0x00, 0x01])],
        ],
      },
    ];
    const same = (a: Buffer | null | undefined, b: Buffer) => Buffer.isBuffer(a) && a.equals(b);
    const problems: string[] = [];

    // platformatic → platformatic and platformatic → kafkajs
    const producer = new Producer({ ...platformaticBaseOptions(this.brokers, 'probe-bytes'), idempotent: true, partitioner: compatibilityPartitioner });
    try {
      await producer.send({ messages: cases.map((c) => ({ topic, key: c.key, value: c.value, headers: new Map(c.headers.map(([name, value]) => [Buffer.from(name), value])) })) });
    } finally {
      await producer.close();
    }
    // kafkajs → platformatic, with a duplicated header key as well
    const kafkajsProducer = kafkajsClient(this.brokers, 'probe-bytes').producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await kafkajsProducer.connect();
    const duplicated = [Buffer.from('first'), Buffer.from('second')];
    try {
      await kafkajsProducer.send({
        topic,
        acks: -1,
        messages: cases.map((c, index) => ({
          key: c.key,
          value: c.value,
          headers: { ...Object.fromEntries(c.headers), ...(index === 1 ? { dup: duplicated } : {}) },
        })),
      });
    } finally {
      await kafkajsProducer.disconnect();
    }

    const consumer = rawConsumer(this.brokers, `${topic}.group`);
    try {
      const stream = await consumer.consume(consumeOptions([topic]));
      const received = await take(stream, cases.length * 2, 20_000);
      await stream.close();
      if (received.length !== cases.length * 2) problems.push(`platformatic read ${received.length} of ${cases.length * 2} records`);
      for (const [index, message] of received.entries()) {
        const expected = cases[index % cases.length];
        const origin = index < cases.length ? 'platformatic→platformatic' : 'kafkajs→platformatic';
        if (!same(message.key, expected.key)) problems.push(`${origin} #${index}: key differs`);
        if (!same(message.value, expected.value)) problems.push(`${origin} #${index}: value differs`);
        const entries = message.headerEntries.map(([name, value]) => [name.toString(), value] as const);
        const wanted = [...expected.headers, ...(index === cases.length + 1 ? duplicated.map((value) => ['dup', value] as const) : [])];
        if (entries.length !== wanted.length) problems.push(`${origin} #${index}: ${entries.length} headers, expected ${wanted.length}`);
        for (const [position, [name, value]] of wanted.entries()) {
          const got = entries[position];
          if (!got || got[0] !== name || !same(got[1], value)) problems.push(`${origin} #${index}: header ${name} differs`);
        }
      }
    } finally {
      await consumer.close(true);
    }

    // platformatic-produced records as kafkajs (our consumers today) reads them
    const kafkajsConsumer = kafkajsClient(this.brokers, 'probe-bytes-reader').consumer({ groupId: `${topic}.kafkajs`, allowAutoTopicCreation: false });
    const kafkajsSeen: { key: Buffer | null; value: Buffer | null; headers: IHeaders }[] = [];
    const enough = deferred<void>();
    await kafkajsConsumer.connect();
    try {
      await kafkajsConsumer.subscribe({ topics: [topic], fromBeginning: true });
      await kafkajsConsumer.run({
        eachMessage: ({ message }) => {
          kafkajsSeen.push({ key: message.key, value: message.value, headers: message.headers ?? {} });
          if (kafkajsSeen.length >= cases.length) enough.resolve();
          return Promise.resolve();
        },
      });
      await within(enough.promise, 20_000);
    } finally {
      await kafkajsConsumer.disconnect();
    }
    for (const [index, expected] of cases.entries()) {
      const message = kafkajsSeen[index];
      if (!message) {
        problems.push(`kafkajs did not read platformatic record #${index}`);
        continue;
      }
      if (!same(message.key, expected.key)) problems.push(`platformatic→kafkajs #${index}: key differs`);
      if (!same(message.value, expected.value)) problems.push(`platformatic→kafkajs #${index}: value differs`);
      for (const [name, value] of expected.headers) {
        const got = message.headers[name];
        if (!Buffer.isBuffer(got) || !got.equals(value)) problems.push(`platformatic→kafkajs #${index}: header ${name} differs`);
      }
    }
    return problems.length === 0
      ? {
          verdict: 'PASS',
          detail:
            'keys (incl. 0x00/0xff bytes), binary values and headers (7 CloudEvents headers, binary, empty, UTF-8, NUL bytes) are byte-identical ' +
            'platformatic→platformatic, platformatic→kafkajs and kafkajs→platformatic; a duplicated header key is kept, in order, in message.headerEntries ' +
            '(message.headers, a Map, keeps one value per key object).',
        }
      : { verdict: 'FAIL', detail: problems.slice(0, 8).join('; ') };
  }

  async partitioning(): Promise<{ verdict: Verdict; detail: string }> {
    const keys = this.citizens;
    const names = ['kafkajs', 'platformatic-default', 'platformatic-compat'] as const;
    const topics = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await this.topic(`keys-${name}`, 6)] as const))) as Record<(typeof names)[number], string>;

    const kafkajsProducer = kafkajsClient(this.brokers, 'probe-keys').producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await kafkajsProducer.connect();
    try {
      await kafkajsProducer.send({ topic: topics.kafkajs, acks: -1, messages: keys.map((key) => ({ key, value: key })) });
    } finally {
      await kafkajsProducer.disconnect();
    }
    for (const [name, partitioner] of [
      ['platformatic-default', undefined],
      ['platformatic-compat', compatibilityPartitioner],
    ] as const) {
      const producer = new Producer<string, string, string, string>({
        ...platformaticBaseOptions(this.brokers, `probe-keys-${name}`),
        idempotent: true,
        serializers: stringSerializers,
        ...(partitioner ? { partitioner } : {}),
      });
      try {
        await producer.send({ messages: keys.map((key) => ({ topic: topics[name], key, value: key })) });
      } finally {
        await producer.close();
      }
    }

    const consumer = new Consumer({ ...platformaticBaseOptions(this.brokers, 'probe-keys'), groupId: `probe.${this.run}.keys`, deserializers: stringDeserializers });
    const partitionOf: Record<string, Map<string, number>> = Object.fromEntries(names.map((name) => [topics[name], new Map<string, number>()]));
    try {
      const stream = await consumer.consume(consumeOptions(Object.values(topics)));
      for (const message of await take(stream, keys.length * names.length, 30_000)) partitionOf[message.topic].set(message.key, message.partition);
      await stream.close();
    } finally {
      await consumer.close(true);
    }
    const agree = (name: (typeof names)[number]) => keys.filter((key) => partitionOf[topics[name]].get(key) === partitionOf[topics.kafkajs].get(key)).length;
    const complete = names.every((name) => partitionOf[topics[name]].size === keys.length);
    const compat = agree('platformatic-compat');
    const byDefault = agree('platformatic-default');
    return {
      verdict: complete && compat === keys.length ? (byDefault === keys.length ? 'PASS' : 'WARN') : 'FAIL',
      detail:
        `of ${keys.length} citizen keys on 6 partitions, compatibilityPartitioner puts ${compat} on the partition kafkajs chose, the library's default partitioner only ${byDefault}: ` +
        'a mixed or migrating fleet must set partitioner: compatibilityPartitioner, or per-citizen ordering breaks.',
    };
  }

  async redeliveryAfterClose(): Promise<{ verdict: Verdict; detail: string }> {
    const topic = await this.topic('close', 1);
    const groupId = `${topic}.group`;
    await this.produceNumbered(topic, 3);
    const first = rawConsumer(this.brokers, groupId);
    let handled: string;
    try {
      const stream = await first.consume(consumeOptions([topic]));
      const [m0, m1] = await take(stream, 2, 20_000);
      if (!m0 || !m1) throw new Error('the first consumer did not get two records');
      await commit(m0); // m0 handled and committed; m1 handled but not committed
      handled = `handled ${m0.value.toString()} (committed) and ${m1.value.toString()} (not committed)`;
      await stream.close();
    } finally {
      await first.close(true);
    }
    const committed = await this.committedOffset(groupId, topic);
    const second = rawConsumer(this.brokers, groupId);
    try {
      const stream = await second.consume(consumeOptions([topic]));
      const [next] = await take(stream, 1, 30_000);
      await stream.close();
      const ok = next !== undefined && Number(next.offset) === 1 && committed === 1;
      return {
        verdict: ok ? 'PASS' : 'FAIL',
        detail: `${handled}, then close(); committed offset ${committed}; the next consumer of the group started with ${next ? `${next.value.toString()} @${next.offset}` : 'nothing'}.`,
      };
    } finally {
      await second.close(true);
    }
  }

  private fork(spec: ChildSpec): { process: ChildProcess; reports: ChildReport[]; next: (type: ChildReport['type'], ms: number) => Promise<ChildReport | undefined> } {
    const childProcess = fork(__filename, ['--child', JSON.stringify(spec)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const reports: ChildReport[] = [];
    const waiters: { type: ChildReport['type']; resolve: (report: ChildReport) => void }[] = [];
    childProcess.on('message', (report: ChildReport) => {
      reports.push(report);
      for (const waiter of waiters.filter((w) => w.type === report.type)) waiter.resolve(report);
    });
    const next = (type: ChildReport['type'], ms: number) => {
      const existing = reports.find((report) => report.type === type);
      if (existing) return Promise.resolve(existing);
      const wait = deferred<ChildReport>();
      waiters.push({ type, resolve: wait.resolve });
      return within(wait.promise, ms);
    };
    return { process: childProcess, reports, next };
  }

  private async kill(childProcess: ChildProcess): Promise<void> {
    const exited = new Promise<void>((resolve) => childProcess.once('exit', () => resolve()));
    childProcess.kill('SIGKILL');
    await within(exited, 5_000);
  }

  async redeliveryAfterKill(): Promise<{ verdict: Verdict; detail: string }> {
    const topic = await this.topic('kill', 1);
    const groupId = `${topic}.group`;
    await this.produceNumbered(topic, 3);
    const child = this.fork({ brokers: this.brokers, topic, groupId, autocommit: false, handleBelow: 1 });
    try {
      const processing = await child.next('processing', 30_000);
      if (!processing) throw new Error('the child never reached its handler');
      await sleep(500); // let any stray commit land before the kill, if there were one
    } finally {
      await this.kill(child.process);
    }
    const committed = await this.committedOffset(groupId, topic);
    const startedAt = performance.now();
    const consumer = rawConsumer(this.brokers, groupId);
    try {
      const stream = await consumer.consume(consumeOptions([topic]));
      const [next] = await take(stream, 1, 45_000);
      await stream.close();
      const waited = Math.round(performance.now() - startedAt);
      const ok = next !== undefined && Number(next.offset) === 1 && committed === 1;
      return {
        verdict: ok ? 'PASS' : 'FAIL',
        detail:
          `child (autocommit: false) committed m0 after handling it, was SIGKILLed inside the handler of m1; committed offset ${committed}; ` +
          `a new member got ${next ? `${next.value.toString()} @${next.offset}` : 'nothing'} after ${waited} ms (the dead member's session, ${SESSION_TIMEOUT_MS} ms, has to expire first).`,
      };
    } finally {
      await consumer.close(true);
    }
  }

  async defaultAutocommitOnKill(): Promise<{ verdict: Verdict; detail: string }> {
    const topic = await this.topic('autocommit', 1);
    const groupId = `${topic}.group`;
    await this.produceNumbered(topic, 3);
    const child = this.fork({ brokers: this.brokers, topic, groupId, autocommit: true, handleBelow: 0 });
    let autocommitted = 'no autocommit reported';
    try {
      const processing = await child.next('processing', 30_000);
      if (!processing) throw new Error('the child never reached its handler');
      const report = await child.next('autocommit', 5_000);
      if (report?.type === 'autocommit') autocommitted = `autocommit of ${report.offsets} reported`;
    } finally {
      await this.kill(child.process);
    }
    const committed = await this.committedOffset(groupId, topic);
    return {
      verdict: committed > 0 ? 'WARN' : 'INFO',
      detail:
        `with autocommit left at its default (true), the child was killed inside the handler of m0 (never finished); ${autocommitted}; committed offset is ${committed}: ` +
        (committed > 0
          ? `a restart resumes at offset ${committed}, so m0..m${committed - 1} are lost. Autocommit commits what was fetched, not what was handled: we must use autocommit: false and message.commit() after the transaction.`
          : 'nothing was committed before the kill.'),
    };
  }

  async longHandler(): Promise<{ verdict: Verdict; detail: string }> {
    const topic = await this.topic('long-handler', 1);
    const groupId = `${topic}.group`;
    await this.produceNumbered(topic, 2);
    const consumer = rawConsumer(this.brokers, groupId, { sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 1_000, rebalanceTimeout: 20_000 });
    const events = { heartbeats: 0, heartbeatErrors: 0, rejoins: 0, rebalances: 0, leaves: 0 };
    consumer.on('consumer:heartbeat:end', () => (events.heartbeats += 1));
    consumer.on('consumer:heartbeat:error', () => (events.heartbeatErrors += 1));
    consumer.on('consumer:group:rejoin', () => (events.rejoins += 1));
    consumer.on('consumer:group:rebalance', () => (events.rebalances += 1));
    consumer.on('consumer:group:leave', () => (events.leaves += 1));
    try {
      const stream = await consumer.consume(consumeOptions([topic]));
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      if (first.done) throw new Error('no record');
      const before = { memberId: consumer.memberId, generationId: consumer.generationId };
      const heartbeatsBefore = events.heartbeats;
      // The handler takes longer than the session timeout and never heartbeats itself.
      const membership = (async () => {
        await sleep(SESSION_TIMEOUT_MS + 2_000);
        const described = await this.admin.describeGroups([groupId]);
        const group = described.groups[0];
        return `${group?.state ?? '?'} with ${group?.members.length ?? 0} member(s)${group?.members.some((m) => m.memberId === before.memberId) ? ', ours' : ', not ours'}`;
      })();
      await sleep(LONG_HANDLER_MS);
      const during = await membership;
      let commitResult = 'committed';
      await commit(first.value).catch((error: unknown) => (commitResult = `commit failed: ${describeError(error)}`));
      const second = await within(iterator.next(), 10_000);
      const after = { memberId: consumer.memberId, generationId: consumer.generationId };
      if (second && !second.done) await commit(second.value);
      await stream.close();
      const committed = await this.committedOffset(groupId, topic);
      const kept = before.memberId === after.memberId && before.generationId === after.generationId && events.rejoins === 0;
      const ok = kept && commitResult === 'committed' && second !== undefined && !second.done && committed === 2;
      return {
        verdict: ok ? 'PASS' : 'FAIL',
        detail:
          `a ${LONG_HANDLER_MS} ms handler with sessionTimeout ${SESSION_TIMEOUT_MS} ms and no heartbeat() call: ${events.heartbeats - heartbeatsBefore} heartbeats went out meanwhile ` +
          `(${events.heartbeatErrors} errors); at ${SESSION_TIMEOUT_MS + 2_000} ms the group was ${during}; member ${before.memberId === after.memberId ? 'unchanged' : 'changed'}, ` +
          `generation ${before.generationId}→${after.generationId}, ${events.rejoins} rejoins; ${commitResult} after the handler; next record ${second && !second.done ? 'delivered' : 'not delivered'}; committed offset ${committed}.`,
      };
    } finally {
      await consumer.close(true);
    }
  }

  async pauseResume(): Promise<{ verdict: Verdict; detail: string }> {
    const topic = await this.topic('pause', 2);
    const producer = this.producer();
    const consumer = new Consumer({ ...platformaticBaseOptions(this.brokers, 'probe-pause'), groupId: `${topic}.group`, deserializers: stringDeserializers });
    try {
      const send = (from: number, count: number) =>
        producer.send({ messages: Array.from({ length: count }, (_, index) => ({ topic, key: `citizen-${(from + index) % 4}`, value: `m${from + index}` })) });
      await send(0, 6);
      const stream = await consumer.consume(consumeOptions([topic]));
      let received = 0;
      const three = deferred<void>();
      const all = deferred<void>();
      stream.on('data', (message: Message<string, string, string, string>) => {
        received += 1;
        void message.commit(() => undefined);
        if (received === 3) {
          stream.pause();
          three.resolve();
        }
        if (received >= 12) all.resolve();
      });
      await bounded(three.promise, 20_000, 'the first three records');
      const atPause = received;
      await send(6, 6);
      await sleep(2_500);
      const whilePaused = received - atPause;
      stream.resume();
      const resumed = await within(all.promise.then(() => true), 15_000);
      await stream.close();
      const ok = whilePaused === 0 && resumed !== undefined && received === 12;
      return {
        verdict: ok ? 'PASS' : 'FAIL',
        detail: `stream.pause() after 3 records: ${whilePaused} delivered during 2.5 s paused while 6 more were produced; stream.resume(): ${received}/12 delivered in the end.`,
      };
    } finally {
      await consumer.close(true);
      await producer.close();
    }
  }

  /** There is no call to make: the API is looked for on the objects themselves. */
  partitionPause(): void {
    const consumer = rawConsumer(this.brokers, `probe.${this.run}.api`);
    const consumerPause = 'pause' in consumer;
    const streamPauseArity = (MessagesStreamClass.prototype as { pause: (...args: unknown[]) => unknown }).pause.length;
    void consumer.close(true);
    const present = consumerPause || streamPauseArity > 0;
    this.report(
      'pause/resume of ONE partition',
      present ? 'INFO' : 'FAIL',
      present
        ? `a partition-level pause API appeared (Consumer.pause: ${consumerPause}, MessagesStream.pause arity ${streamPauseArity}): check it`
        : "no API: Consumer has no pause(), MessagesStream.pause()/resume() take no topic/partition (only the whole stream). kafkajs' consumer.pause([{ topic, partitions }]) " +
            "and eachMessage's pause() have no equivalent; a per-partition back-off would mean a stream per partition (MANUAL offsets, outside the group) or buffering in the app.",
    );
  }

  documented(): void {
    const mechanisms = Object.values(SASLMechanisms).join(', ');
    this.report(
      'SCRAM-SHA-256/512 and TLS (from docs, not exercised: the local broker is plaintext)',
      Object.values(SASLMechanisms).includes('SCRAM-SHA-512') && Object.values(SASLMechanisms).includes('SCRAM-SHA-256') ? 'INFO' : 'WARN',
      `SASLMechanisms exports ${mechanisms}; docs/base.md: sasl: { mechanism: 'SCRAM-SHA-512', username, password } (strings or async functions), ` +
        'tls: node tls.connect options (ssl is an alias), tlsServerName. Mechanism names are upper case, unlike kafkajs.',
    );
    this.report(
      'Nest transport',
      'INFO',
      "none: @nestjs/microservices' Transport.KAFKA is built on kafkajs, the library ships no Nest server/client, and the npm package lists hold no @platformatic/kafka " +
        'Nest transport (@platformatic/nest is the Watt runtime capability, not a transport). Our EventConsumerServer is a custom transport already; it would be ported.',
    );
    this.report(
      'per-partition concurrency, in order within a partition',
      'WARN',
      'not provided: a MessagesStream interleaves all assigned partitions; for-await handles one record at a time across all of them; the README\'s concurrent example ' +
        "(hwp forEach(stream, fn, 16)) does not keep per-partition order. kafkajs' partitionsConsumedConcurrently: 3 would have to be rebuilt " +
        '(per-partition queues + stream pause for back-pressure); commits are merged per partition, which makes that feasible.',
    );
    this.report(
      'crash handling',
      'INFO',
      "no kafkajs-style CRASH event with restart: a failed stream emits 'error' and is unusable, the consumer stays usable and consume() must be called again " +
        '(docs/consumer.md FAQ); retries default to 3 × 1 s unless raised; consumer:heartbeat:stalled reports a coordinator that stopped answering.',
    );
    this.report(
      'other defaults that differ from kafkajs',
      'INFO',
      'non-idempotent producers default to acks=1 (kafkajs: -1); autocommit defaults to true and commits on fetch; the default partitioner is not ' +
        'Java/kafkajs-compatible; offsets are bigint; headers are a Map; connections are lazy (no connect()); supported Kafka 3.5.0–4.2.0 per the README (this broker runs a newer 4.x).',
    );
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const broker = await startBenchBroker();
  log(`broker ${broker.brokers.join(',')} (${broker.source})`);
  const admin = kafkajsClient(broker.brokers, 'probe-admin').admin();
  await admin.connect();
  const probe = new Probe(broker.brokers, admin);
  try {
    const machine = await describeMachine(broker);
    await probe.check('idempotent producer with acks=all', () => probe.idempotentProducer());
    await probe.check('headers and keys round-trip byte-exactly', () => probe.bytesRoundTrip());
    await probe.check('key → partition matches kafkajs', () => probe.partitioning());
    await probe.check('uncommitted message redelivered after close() without commit', () => probe.redeliveryAfterClose());
    await probe.check('uncommitted message redelivered after SIGKILL mid-handler', () => probe.redeliveryAfterKill());
    await probe.check('default autocommit under SIGKILL mid-handler', () => probe.defaultAutocommitOnKill());
    await probe.check('handler longer than the session timeout keeps its membership', () => probe.longHandler());
    await probe.check('pause/resume of the whole stream', () => probe.pauseResume());
    probe.partitionPause();
    probe.documented();

    const lines = [
      `# @platformatic/kafka ${machine.platformaticKafka}: guarantees libs/messaging relies on`,
      '',
      `Run ${startedAt.toISOString()} with \`npm run bench:kafka-client-guarantees\` against Kafka ${machine.kafka} (${machine.brokers.join(', ')}), Node.js ${machine.node}, ${machine.cores} cores.`,
      '',
      '| Property | Verdict | Detail |',
      '| --- | --- | --- |',
      ...probe.findings.map((finding) => `| ${finding.property} | ${finding.verdict} | ${finding.detail.replace(/\|/g, '\\|')} |`),
    ];
    const markdown = `${lines.join('\n')}\n`;
    const written = await writeResults(`kafka-clients-guarantees-${stamp(startedAt)}`, { startedAt: startedAt.toISOString(), machine, findings: probe.findings }, markdown);
    console.log(`\n${markdown}`);
    for (const finding of probe.findings) console.log(`${finding.verdict.padEnd(4)} ${finding.property}`);
    log(`results: ${written.md} and ${written.json}`);
    // A missing property is a finding, not a failure of the probe; a check that could not run is.
    if (probe.errors > 0) process.exitCode = 1;
  } finally {
    await probe.deleteTopics().catch((error: unknown) => log(`could not delete the probe topics: ${describeError(error)}`));
    await admin.disconnect().catch(() => undefined);
    await broker.stop();
  }
}

if (process.argv[2] === '--child') {
  child(JSON.parse(process.argv[3] ?? '{}') as ChildSpec).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
