import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { runMigrations } from '@app/persistence';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { databaseSettings, startService, type RunningService } from '@app/platform';
import { eventually, freshDatabase, providedInfrastructure } from '@app/testing';
import { ensureTopics } from '../kafka/topic-setup';
import { generateSigningKey, signingKeyEnv } from '../signing/signing-key.generator';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';
import { ProbeEvent, probeEnvironment, probeEvents, probeService, probeTopics } from './probe.service';

const CITIZENS = 12;
const EVENTS_PER_CITIZEN = 15;

/**
 * Two replicas of one service on one database, as a rolling deploy or a split brain would
 * have them: both relays run, leadership moves mid-stream, and still every event is
 * published once, each key's events in commit order.
 */
describe('two outbox relays of one service on one database', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const topics = probeTopics(randomUUID().slice(0, 8));
  const events = probeEvents(topics.probe);
  const probeKey = generateSigningKey('probe-1');
  let spec: ReturnType<typeof probeService>;
  const kafka = new Kafka({ clientId: 'outbox-relays-test', brokers: kafkaBrokers, logLevel: 0 });

  let issuer: RunningDevIssuer;
  let replicas: RunningService[] = [];
  let dataSource: DataSource;

  beforeAll(async () => {
    // Polling every 100 ms in batches of 7: many batches, both relays eager to lead.
    spec = probeService(topics.probe, { maxAttempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 }, { '/probe': [(await probeKey).publicJwk] }, { pollIntervalMs: 100, batchSize: 7 });
    issuer = await serveDevIssuer();
    const env = probeEnvironment({
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'relays'),
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
    replicas = [await startService(spec, env), await startService(spec, env)];
    dataSource = replicas[0].app.get(DataSource);
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await issuer?.stop();
  });

  const probe = (citizenId: string, seq: number) => Object.assign(new ProbeEvent(), { citizenId, seq });

  it('publishes every event once, in commit order per key, while leadership moves between them', async () => {
    const citizens = Array.from({ length: CITIZENS }, () => randomUUID());
    const writers = replicas.map((replica) => ({ writer: replica.app.get(OutboxWriter), dataSource: replica.app.get(DataSource) }));
    const writeAll = Promise.all(
      citizens.map(async (citizenId) => {
        for (let seq = 1; seq <= EVENTS_PER_CITIZEN; seq += 1) {
          // Each citizen's events alternate between the replicas, one commit after another.
          const { writer, dataSource: source } = writers[seq % 2];
          await source.transaction((manager) => writer.append(manager, events.probed, probe(citizenId, seq)));
          await sleep(5);
        }
      }),
    );
    // Mid-stream, the leader's lock session is killed; leadership passes (to either replica).
    await sleep(150);
    const killed = await dataSource.query<{ pid: number }[]>(
      "SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity WHERE application_name = 'probe-outbox-relay' AND datname = current_database()",
    );
    await writeAll;

    expect(killed.length).toBeGreaterThan(0);
    await eventually(async () => {
      const [{ n }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM probe_effect WHERE citizen_id = ANY($1::uuid[])', [citizens]);
      expect(n).toBeGreaterThanOrEqual(CITIZENS * EVENTS_PER_CITIZEN);
    }, 60_000);
    for (const citizenId of citizens) {
      const applied = await dataSource.query<{ seq: number }[]>('SELECT seq FROM probe_effect WHERE citizen_id = $1 ORDER BY at', [citizenId]);
      expect(applied.map((row) => row.seq)).toEqual(Array.from({ length: EVENTS_PER_CITIZEN }, (_, index) => index + 1));
    }
    const [{ n: waiting }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox_message');
    expect(waiting).toBe(0);
    await eventually(() => expect(replicas.filter((replica) => replica.app.get(OutboxRelay).isLeader)).toHaveLength(1));
  });

  it("publishes one key's events in the order their transactions committed, not the order they began", async () => {
    const citizenId = randomUUID();
    const [first, second] = replicas.map((replica) => ({ writer: replica.app.get(OutboxWriter), dataSource: replica.app.get(DataSource) }));
    // The first transaction writes its event, then holds on before committing; the second
    // starts meanwhile. Without the key's lock the second would commit first with the later id;
    // with it, the second waits for the first to commit before it may even write its row.
    const slow = first.dataSource.transaction(async (manager) => {
      await first.writer.append(manager, events.probed, probe(citizenId, 1));
      await sleep(600);
    });
    await sleep(100);
    const quickStarted = Date.now();
    await second.dataSource.transaction((manager) => second.writer.append(manager, events.probed, probe(citizenId, 2)));
    const quickTookMs = Date.now() - quickStarted;
    await slow;

    expect(quickTookMs).toBeGreaterThanOrEqual(400);
    await eventually(async () => expect(await dataSource.query('SELECT seq FROM probe_effect WHERE citizen_id = $1 ORDER BY at', [citizenId])).toEqual([{ seq: 1 }, { seq: 2 }]));
  });
});
