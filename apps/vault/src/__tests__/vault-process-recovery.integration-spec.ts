import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { deadLetterTopic, DocumentVerified, DocumentVerifiedV1, newCloudEvent, PLATFORM_TOPICS, toKafkaHeaders } from '@app/contracts';
import { findFreePort } from '@app/local-infra';
import { ensureTopics, generateSigningKey, SIGNATURE_HEADER, SigningIdentity, signingKeyEnv } from '@app/messaging';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { eventually, freshDatabase, providedInfrastructure, ServiceProcess, TopicRecorder } from '@app/testing';

const ROUNDS = 3;
// Modest numbers: the shared broker keeps these events, and every later new vault group replays them.
const BEFORE_KILL = 100;
const WHILE_DEAD = 40;
const AGENCY = '000.00.12.H26';

/**
 * The vault as its own process, killed with SIGKILL while it consumes and started again at
 * once, as an operator or a crashed node would: it resumes within seconds (its dead member's
 * session is short), readiness stays false until it has joined its group and caught up, and
 * every event is applied once. Verifications of documents this vault does not hold are
 * refused and dead-lettered: each is still "applied" once, through the inbox.
 */
describe('vault process: SIGKILL and quick recovery', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'vault-recovery-test', brokers: kafkaBrokers, logLevel: 0 });
  let issuer: RunningDevIssuer;
  let env: Record<string, string>;
  let producer: Producer;
  let database: DataSource;
  let agency: SigningIdentity;

  beforeAll(async () => {
    // The vault checks every event's signature: the test speaks for Hanoi Justice's intake
    // with a key registered for it, the way the setup step registers each deployment's.
    const agencyKey = await generateSigningKey(`intake-${AGENCY.toLowerCase()}-recovery`);
    agency = SigningIdentity.load(agencyKey);
    const keysFolder = mkdtempSync(join(tmpdir(), 'vault-recovery-keys-'));
    writeFileSync(join(keysFolder, 'signing-keys.json'), JSON.stringify({ signingKeys: [{ kid: agencyKey.keyId, ownerKind: 'agency', ownerCode: AGENCY, jwk: agencyKey.publicJwk }] }));
    await ensureTopics(kafka, PLATFORM_TOPICS);
    issuer = await serveDevIssuer();
    env = {
      HTTP_PORT: String(await findFreePort()),
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      LOG_LEVEL: 'warn',
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'vault_recovery'),
      ...signingKeyEnv(await generateSigningKey('vault-recovery')),
    };
    expect(await ServiceProcess.start('vault', env, ['migrate']).exited).toBe(0);
    expect(await ServiceProcess.start('vault', env, ['seed', 'deploy/seed']).exited).toBe(0);
    expect(await ServiceProcess.start('vault', env, ['seed', keysFolder]).exited).toBe(0);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    database = new DataSource({ type: 'postgres', url: env.DATABASE_URL });
    await database.initialize();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await database?.destroy();
    await issuer?.stop();
  });

  async function verifications(count: number): Promise<string[]> {
    const messages = await Promise.all(
      Array.from({ length: count }, async () => {
        const payload = Object.assign(new DocumentVerifiedV1(), {
          documentId: randomUUID(),
          citizenRef: randomUUID(),
          agencyCode: AGENCY,
          dossierId: randomUUID(),
          officer: 'officer-recovery-test',
          verifiedAt: new Date().toISOString(),
        });
        const event = newCloudEvent({ source: `/intake-${AGENCY.toLowerCase()}`, type: DocumentVerified.type });
        const value = JSON.stringify(payload);
        const headers = { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await agency.sign(event, Buffer.from(value)) };
        return { id: event.id, record: { key: payload.citizenRef, value, headers } };
      }),
    );
    await producer.send({ topic: DocumentVerified.topic(new DocumentVerifiedV1()), acks: -1, messages: messages.map((message) => message.record) });
    return messages.map((message) => message.id);
  }

  const inboxed = async (ids: readonly string[]) =>
    (await database.query<{ n: number }[]>('SELECT count(*)::int AS n FROM inbox_entry WHERE event_id = ANY($1::text[])', [ids]))[0]?.n ?? 0;

  async function ready(): Promise<boolean> {
    return fetch(`http://127.0.0.1:${env.HTTP_PORT}/health/ready`).then((response) => response.ok, () => false);
  }

  it('resumes within seconds of a restart, ready only once caught up, applying each event once', async () => {
    const deadLetters = await TopicRecorder.start(kafka, [deadLetterTopic('vault')]);
    const sent: string[] = [];
    const restartToCaughtUpMs: number[] = [];
    let service = ServiceProcess.start('vault', env);
    try {
      // The first start of a new group replays the shared broker's topics: wait for it.
      await eventually(async () => expect(await ready()).toBe(true), 120_000, 200);
      for (let round = 0; round < ROUNDS; round += 1) {
        const before = await verifications(BEFORE_KILL);
        sent.push(...before);
        await eventually(async () => expect(await inboxed(before)).toBeGreaterThan(10), 30_000, 5);
        expect(await service.kill('SIGKILL')).toBeNull();
        const whileDead = await verifications(WHILE_DEAD);
        sent.push(...whileDead);

        const restartedAt = Date.now();
        service = ServiceProcess.start('vault', env);
        let sawUnready = false;
        for (;;) {
          if (await ready()) break;
          sawUnready = true;
          if (Date.now() - restartedAt > 60_000) throw new Error(`not ready 60 s after the restart:\n${service.log.slice(-2_000)}`);
          await sleep(100);
        }
        restartToCaughtUpMs.push(Date.now() - restartedAt);
        expect(sawUnready).toBe(true);
        // Ready means caught up: everything on the topic at restart is already applied.
        expect(await inboxed([...before, ...whileDead])).toBe(BEFORE_KILL + WHILE_DEAD);
      }
      await eventually(() => expect(deadLetters.messages.filter((letter) => sent.includes(letter.headers.ce_id ?? '')).length).toBeGreaterThanOrEqual(sent.length));
      const letters = deadLetters.messages.map((letter) => letter.headers.ce_id ?? '').filter((id) => sent.includes(id));
      const duplicates = letters.length - new Set(letters).size;
      const sorted = [...restartToCaughtUpMs].sort((a, b) => a - b);
      process.stdout.write(
        `vault SIGKILL and restart, ${ROUNDS} rounds: restart to ready and caught up ${restartToCaughtUpMs.join(', ')} ms (median ${sorted[Math.floor(ROUNDS / 2)]} ms); ` +
          `${sent.length} events, ${await inboxed(sent)} applied once, ${sent.length - new Set(letters).size} lost, ${duplicates} duplicate dead letter(s)\n`,
      );
      expect(await inboxed(sent)).toBe(sent.length);
      expect(new Set(letters).size).toBe(sent.length);
      expect(sorted[Math.floor(ROUNDS / 2)]).toBeLessThan(15_000);
    } finally {
      await service.kill('SIGTERM');
      await deadLetters.stop();
    }
  });
});
