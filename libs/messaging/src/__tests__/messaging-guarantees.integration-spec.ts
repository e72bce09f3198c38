import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { newCloudEvent, toKafkaHeaders } from '@app/contracts';
import { runMigrations } from '@app/persistence';
import { databaseSettings, startService, type RunningService } from '@app/platform';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { eventually, freshDatabase, providedInfrastructure, TopicRecorder } from '@app/testing';
import { ensureTopics } from '../kafka/topic-setup';
import { InboxPruner } from '../inbox/inbox-pruner';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';
import { readDeadLetters, replayDeadLetters } from '../dead-letters/dead-letter-reader';
import { verifyEventSignature } from '../signing/event-signature.verifier';
import { SIGNATURE_HEADER } from '../signing/signing-input';
import { StaticKeyResolver } from '../signing/static-key.resolver';
import { SigningIdentity } from '../signing/signing-identity';
import { generateSigningKey, signingKeyEnv } from '../signing/signing-key.generator';
import { attempts, mended, ProbeEvent, probeEnvironment, probeEvents, probeService, probeTopics, startedSlow } from './probe.service';

const MAX_ATTEMPTS = 3;
/** The old policy's whole retry budget (5 attempts, 200 ms doubling to 5 s) was about 3 s. */
const LONGER_THAN_THE_OLD_WINDOW_MS = 4_500;

describe('messaging guarantees against a real broker and PostgreSQL', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const suffix = randomUUID().slice(0, 8);
  const topics = probeTopics(suffix);
  const events = probeEvents(topics.probe);
  // Who may produce to the probe: the probe itself (its outbox) and this test (as `/test`).
  const probeKey = generateSigningKey('probe-1');
  const producerKey = generateSigningKey('test-1');
  const strangerKey = generateSigningKey('test-1');
  let spec: ReturnType<typeof probeService>;
  let producerIdentity: SigningIdentity;
  const kafka = new Kafka({ clientId: 'messaging-test', brokers: kafkaBrokers, logLevel: 0 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

  let issuer: RunningDevIssuer;
  let service: RunningService;
  let dataSource: DataSource;
  let deadLetters: TopicRecorder;
  let env: ReturnType<typeof probeEnvironment>;

  beforeAll(async () => {
    spec = probeService(
      topics.probe,
      { maxAttempts: MAX_ATTEMPTS, initialBackoffMs: 20, maxBackoffMs: 100, transientWindowMs: 60_000, transientMaxBackoffMs: 500 },
      { '/probe': [(await probeKey).publicJwk], '/test': [(await producerKey).publicJwk] },
    );
    producerIdentity = SigningIdentity.load(await producerKey);
    issuer = await serveDevIssuer();
    const databaseUrl = await freshDatabase(postgresAdminUrl, 'messaging');
    env = probeEnvironment({
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      ...signingKeyEnv(await probeKey),
    });
    await ensureTopics(kafka, [
      { name: topics.probe, partitions: 3, compacted: false },
      { name: topics.deadLetter, partitions: 1, compacted: false },
    ]);
    await runMigrations(databaseSettings(spec.infrastructure(env)));
    await producer.connect();
    deadLetters = await TopicRecorder.start(kafka, [topics.deadLetter]);
    service = await startService(spec, env);
    dataSource = service.app.get(DataSource);
  });

  afterAll(async () => {
    await service?.stop();
    await deadLetters?.stop();
    await producer.disconnect();
    await issuer?.stop();
  });

  const effects = async (citizenId: string) =>
    dataSource.query<{ event_id: string; seq: number }[]>('SELECT event_id, seq FROM probe_effect WHERE citizen_id = $1 ORDER BY at', [citizenId]);

  /** How many times the handler's effects were committed for a citizen: doubles if the inbox fails. */
  const tally = async (citizenId: string) =>
    (await dataSource.query<{ applications: number; seq_sum: number }[]>('SELECT applications, seq_sum FROM probe_tally WHERE citizen_id = $1', [citizenId]))[0] ?? { applications: 0, seq_sum: 0 };

  const deadLettered = (eventId: string) => deadLetters.on(topics.deadLetter).filter((message) => message.headers.ce_id === eventId);

  /** Produces straight to Kafka, bypassing the outbox, as another service or a replay would. */
  async function produce(
    type: string,
    payload: object,
    options: { id?: string; headers?: Record<string, string>; partition?: number; signer?: SigningIdentity | null; tamper?: (value: string) => string } = {},
  ) {
    const event = { ...newCloudEvent({ source: '/test', type }), ...(options.id ? { id: options.id } : {}) };
    const citizenId = (payload as { citizenId?: string }).citizenId ?? randomUUID();
    const value = JSON.stringify(payload);
    const signer = options.signer === undefined ? producerIdentity : options.signer;
    const signature = signer ? { [SIGNATURE_HEADER]: await signer.sign(event, Buffer.from(value)) } : {};
    await producer.send({
      topic: topics.probe,
      acks: -1,
      messages: [
        {
          key: citizenId,
          value: options.tamper ? options.tamper(value) : value,
          headers: options.headers ?? { ...toKafkaHeaders(event), ...signature },
          ...(options.partition === undefined ? {} : { partition: options.partition }),
        },
      ],
    });
    return event.id;
  }

  it('publishes an event committed with its state change, and never one whose transaction rolled back', async () => {
    const citizenId = randomUUID();
    const writer = service.app.get(OutboxWriter);
    const rolledBack = dataSource.transaction(async (manager) => {
      await writer.append(manager, events.probed, Object.assign(new ProbeEvent(), { citizenId, seq: 1 }));
      throw new Error('business rule refused the change');
    });
    await expect(rolledBack).rejects.toThrow('business rule refused');
    await dataSource.transaction((manager) => writer.append(manager, events.probed, Object.assign(new ProbeEvent(), { citizenId, seq: 2 })));

    // Same key, same partition: had seq 1 been published, it would have been applied first.
    const applied = await eventually(async () => {
      const rows = await effects(citizenId);
      expect(rows.map((row) => row.seq)).toContain(2);
      return rows;
    });
    expect(applied.map((row) => row.seq)).toEqual([2]);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message')).toEqual([{ n: 0 }]);
  });

  it('publishes several events written at once in the order given, and two such writes over the same keys in opposite orders both commit', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const writer = service.app.get(OutboxWriter);
    const probed = (citizenId: string, seq: number) => Object.assign(new ProbeEvent(), { citizenId, seq });
    // Each takes both keys' locks in one statement, in one order whoever asks: neither waits for the other forever.
    await Promise.all([
      dataSource.transaction((manager) => writer.appendAll(manager, events.probed, [probed(first, 1), probed(second, 1), probed(first, 2)])),
      dataSource.transaction((manager) => writer.appendAll(manager, events.probed, [probed(second, 2), probed(first, 3)])),
    ]);
    const applied = await eventually(async () => {
      const rows = [await effects(first), await effects(second)];
      expect(rows.map((row) => row.length)).toEqual([3, 2]);
      return rows;
    });
    // Whichever transaction took the locks first is published whole, in its order, before the other.
    expect([
      [
        [1, 2, 3],
        [1, 2],
      ],
      [
        [3, 1, 2],
        [2, 1],
      ],
    ]).toContainEqual(applied.map((rows) => rows.map((row) => row.seq)));
  });

  it('parks an outbox row Kafka refuses for good, with its error, and keeps publishing the rows behind it', async () => {
    const citizenId = randomUUID();
    const writer = service.app.get(OutboxWriter);
    // Above the broker's default limit of about 1 MB per record.
    const tooLarge = Object.assign(new ProbeEvent(), { citizenId, seq: 1, padding: 'x'.repeat(1_200_000) });
    await dataSource.transaction(async (manager) => {
      await writer.append(manager, events.probed, tooLarge);
      await writer.append(manager, events.probed, Object.assign(new ProbeEvent(), { citizenId, seq: 2 }));
    });

    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toEqual([2]));
    const parked = await dataSource.query<{ error: string; topic: string }[]>("SELECT error, topic FROM outbox_parked WHERE payload->>'citizenId' = $1", [citizenId]);
    expect(parked).toEqual([{ topic: topics.probe, error: expect.stringMatching(/^MESSAGE_TOO_LARGE: /) as string }]);
    expect(await service.app.get(OutboxRelay).parked()).toBeGreaterThanOrEqual(1);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message')).toEqual([{ n: 0 }]);
  });

  it('prunes inbox entries past the retention, but keeps dead-lettered ones for a replay', async () => {
    const [oldApplied, oldDeadLettered, recent] = [randomUUID(), randomUUID(), randomUUID()];
    await dataSource.query(
      `INSERT INTO inbox_entry (consumer, event_id, event_type, outcome, processed_at) VALUES
         ('prune-test', $1, 't', 'applied', now() - interval '31 days'),
         ('prune-test', $2, 't', 'dead-lettered', now() - interval '31 days'),
         ('prune-test', $3, 't', 'applied', now() - interval '29 days')`,
      [oldApplied, oldDeadLettered, recent],
    );
    expect(await service.app.get(InboxPruner).prune(30)).toBeGreaterThanOrEqual(1);
    const left = await dataSource.query<{ event_id: string }[]>("SELECT event_id FROM inbox_entry WHERE consumer = 'prune-test' ORDER BY event_id");
    expect(left.map((row) => row.event_id).sort()).toEqual([oldDeadLettered, recent].sort());
  });

  it('refuses to write an invalid event to the outbox', async () => {
    const writer = service.app.get(OutboxWriter);
    const invalid = Object.assign(new ProbeEvent(), { citizenId: 'not-a-uuid', seq: 1 });
    await expect(dataSource.transaction((manager) => writer.append(manager, events.probed, invalid))).rejects.toThrow(/citizenId/);
  });

  it('applies a redelivered event once: effects that would double without the inbox stay single', async () => {
    const citizenId = randomUUID();
    const id = randomUUID();
    await produce(events.probed.type, { citizenId, seq: 1 }, { id });
    await produce(events.probed.type, { citizenId, seq: 1 }, { id });
    await produce(events.probed.type, { citizenId, seq: 1 }, { id });
    await produce(events.probed.type, { citizenId, seq: 2 });

    // seq 2 comes after the copies on the same partition: once it is applied, they were all seen.
    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toContain(2));
    expect((await effects(citizenId)).map((row) => row.seq)).toEqual([1, 2]);
    expect(await tally(citizenId)).toEqual({ applications: 2, seq_sum: 3 });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM inbox_entry WHERE event_id = $1', [id])).toEqual([{ n: 1 }]);
  });

  it('retries a transient failure for longer than the old retry window without a dead letter, while another partition keeps flowing', async () => {
    const failing = randomUUID();
    const other = randomUUID();
    const started = Date.now();
    const id = await produce(events.probed.type, { citizenId: failing, seq: 1, transientForMs: LONGER_THAN_THE_OLD_WINDOW_MS }, { partition: 0 });
    await produce(events.probed.type, { citizenId: other, seq: 1 }, { partition: 1 });

    await eventually(async () => expect(await effects(other)).toHaveLength(1));
    expect(Date.now() - started).toBeLessThan(LONGER_THAN_THE_OLD_WINDOW_MS);
    expect(await effects(failing)).toHaveLength(0);

    await eventually(async () => expect(await effects(failing)).toHaveLength(1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(LONGER_THAN_THE_OLD_WINDOW_MS);
    expect(attempts.get(id)).toBeGreaterThan(MAX_ATTEMPTS);
    expect(await tally(failing)).toEqual({ applications: 1, seq_sum: 1 });
    expect(deadLettered(id)).toHaveLength(0);
  });

  it('replays a dead letter once the cause is mended: applied once, and a second replay changes nothing', async () => {
    const citizenId = randomUUID();
    const id = await produce(events.probed.type, { citizenId, seq: 1, failUntilMended: true });
    await eventually(() => expect(deadLettered(id)).toHaveLength(1));
    await eventually(async () => expect(await dataSource.query('SELECT outcome FROM inbox_entry WHERE event_id = $1', [id])).toEqual([{ outcome: 'dead-lettered' }]));
    expect(await effects(citizenId)).toHaveLength(0);

    mended.add(citizenId);
    const letters = (await readDeadLetters(kafka, [topics.deadLetter])).filter((letter) => letter.eventId === id);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ reason: 'handler-failed', eventType: events.probed.type, originalTopic: topics.probe });
    await replayDeadLetters(kafka, letters);
    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toEqual([1]));
    expect(await dataSource.query('SELECT outcome FROM inbox_entry WHERE event_id = $1', [id])).toEqual([{ outcome: 'applied' }]);

    await replayDeadLetters(kafka, letters);
    await replayDeadLetters(kafka, letters);
    // Same key, same partition: seq 2 is handled after both replays.
    await produce(events.probed.type, { citizenId, seq: 2 });
    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toEqual([1, 2]));
    expect(await tally(citizenId)).toEqual({ applications: 2, seq_sum: 3 });
    expect(deadLettered(id)).toHaveLength(1);
  });

  it('retries a transient failure with backoff and then applies the event', async () => {
    const citizenId = randomUUID();
    const id = await produce(events.probed.type, { citizenId, seq: 1, failTimes: MAX_ATTEMPTS - 1 });

    await eventually(async () => expect(await effects(citizenId)).toHaveLength(1));
    expect(attempts.get(id)).toBe(MAX_ATTEMPTS);
    expect(deadLettered(id)).toHaveLength(0);
  });

  it('dead-letters a poison event with its error after N tries, and keeps consuming the partition', async () => {
    const citizenId = randomUUID();
    const poisonId = await produce(events.probed.type, { citizenId, seq: 1, poison: true });
    await produce(events.probed.type, { citizenId, seq: 2 });

    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toEqual([2]));
    const [letter] = await eventually(() => {
      const found = deadLettered(poisonId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(attempts.get(poisonId)).toBe(MAX_ATTEMPTS);
    expect(letter.headers).toMatchObject({
      'dlt-reason': 'handler-failed',
      'dlt-error': 'probe 1 is poisoned',
      'dlt-attempts': String(MAX_ATTEMPTS),
      'dlt-original-topic': topics.probe,
      'ce_type': events.probed.type,
    });
    expect(JSON.parse(letter.value!)).toMatchObject({ citizenId, seq: 1, poison: true });
  });

  it('dead-letters invalid payloads and messages without a CloudEvents envelope', async () => {
    const citizenId = randomUUID();
    const invalidId = await produce(events.probed.type, { citizenId, seq: 'one' });
    await producer.send({ topic: topics.probe, messages: [{ key: citizenId, value: '{"citizenId":"x"}', headers: { unrelated: 'yes' } }] });
    await produce(events.probed.type, { citizenId, seq: 3 });

    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toEqual([3]));
    await eventually(() => expect(deadLettered(invalidId)[0]?.headers['dlt-reason']).toBe('invalid-payload'));
    await eventually(() =>
      expect(deadLetters.on(topics.deadLetter).some((message) => message.headers.unrelated === 'yes' && message.headers['dlt-reason'] === 'invalid-envelope')).toBe(true),
    );
  });

  it('dead-letters as SIGNATURE_INVALID, before any handler runs, an event unsigned, altered after signing, or signed by a key that is not its source\'s', async () => {
    const citizenId = randomUUID();
    const stranger = SigningIdentity.load(await strangerKey);
    const unsigned = await produce(events.probed.type, { citizenId, seq: 1 }, { signer: null });
    const altered = await produce(events.probed.type, { citizenId, seq: 2 }, { tamper: (value) => value.replace('"seq":2', '"seq":20') });
    const foreign = await produce(events.probed.type, { citizenId, seq: 3 }, { signer: stranger });
    const probeSigned = await (async () => {
      // A valid signature by the probe's own key, on an event claiming to be from `/test`.
      const own = SigningIdentity.load(await probeKey);
      return produce(events.probed.type, { citizenId, seq: 4 }, { signer: own });
    })();
    await produce(events.probed.type, { citizenId, seq: 5 });

    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toEqual([5]));
    for (const id of [unsigned, altered, foreign, probeSigned]) {
      await eventually(() => expect(deadLettered(id)[0]?.headers['dlt-reason']).toBe('SIGNATURE_INVALID'));
      expect(attempts.get(id)).toBeUndefined();
    }
    expect(deadLettered(unsigned)[0]?.headers['dlt-error']).toBe('the event is not signed');
  });

  it('lets no forgery suppress the genuine event by taking its id first', async () => {
    const citizenId = randomUUID();
    const id = randomUUID();
    await produce(events.probed.type, { citizenId, seq: 1 }, { id, signer: null });
    await eventually(() => expect(deadLettered(id)[0]?.headers['dlt-reason']).toBe('SIGNATURE_INVALID'));
    await produce(events.probed.type, { citizenId, seq: 2 }, { id });
    await eventually(async () => expect((await effects(citizenId)).map((row) => [row.event_id, row.seq])).toEqual([[id, 2]]));
  });

  it('publishes from the outbox the exact bytes it signed', async () => {
    const citizenId = randomUUID();
    const recorder = await TopicRecorder.start(kafka, [topics.probe]);
    try {
      const writer = service.app.get(OutboxWriter);
      const written = await dataSource.transaction((manager) => writer.append(manager, events.probed, Object.assign(new ProbeEvent(), { citizenId, seq: 7 })));
      const sent = await eventually(() => {
        const found = recorder.on(topics.probe).find((message) => message.headers.ce_id === written.id);
        expect(found).toBeDefined();
        return found!;
      });
      const verdict = await verifyEventSignature(new StaticKeyResolver({ '/probe': [(await probeKey).publicJwk] }), written, Buffer.from(sent.value!), sent.headers[SIGNATURE_HEADER]);
      expect(verdict).toMatchObject({ valid: true, kid: 'probe-1' });
    } finally {
      await recorder.stop();
    }
  });

  it('never drops an event type without a handler: dead-lettered, or recorded as ignored when configured', async () => {
    const citizenId = randomUUID();
    const unhandledId = await produce(events.unhandled.type, { citizenId, seq: 1 });
    const ignoredId = await produce(events.ignored.type, { citizenId, seq: 2 });
    await produce(events.probed.type, { citizenId, seq: 3 });

    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toEqual([3]));
    await eventually(() => expect(deadLettered(unhandledId)[0]?.headers['dlt-reason']).toBe('unhandled-event-type'));
    expect(await dataSource.query('SELECT outcome FROM inbox_entry WHERE event_id = $1', [ignoredId])).toEqual([{ outcome: 'ignored' }]);
    expect(deadLettered(ignoredId)).toHaveLength(0);
  });

  it('refuses to start when a topic it consumes does not exist, naming the topic', async () => {
    const missing = `probe.never-created-${suffix}.v1`;
    await expect(startService(probeService(missing, {}, {}), env)).rejects.toThrow(`subscribed topics do not exist yet: ${missing}`);
  });

  it('finishes the event in flight when it shuts down gracefully', async () => {
    const citizenId = randomUUID();
    const slowId = await produce(events.probed.type, { citizenId, seq: 1, slowMs: 1_500 });
    await eventually(() => expect(startedSlow).toContain(slowId));

    await service.stop();
    const rows = await checkEffectsDirectly(env.DATABASE_URL, citizenId);
    expect(rows).toEqual([1]);

    // Restarted, it neither loses nor repeats the event.
    service = await startService(spec, env);
    dataSource = service.app.get(DataSource);
    await produce(events.probed.type, { citizenId, seq: 2 });
    await eventually(async () => expect((await effects(citizenId)).map((row) => row.seq)).toEqual([1, 2]));
  });
});

async function checkEffectsDirectly(url: string, citizenId: string): Promise<number[]> {
  const dataSource = new DataSource({ type: 'postgres', url });
  await dataSource.initialize();
  try {
    const rows = await dataSource.query<{ seq: number }[]>('SELECT seq FROM probe_effect WHERE citizen_id = $1', [citizenId]);
    return rows.map((row) => row.seq);
  } finally {
    await dataSource.destroy();
  }
}
