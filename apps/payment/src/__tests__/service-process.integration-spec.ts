import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { defineEvent } from '@app/contracts';
import { ensureTopics, generateSigningKey, MESSAGING_ENTITIES, OutboxWriter, signingKeyEnv, SigningIdentity, type MessagingOptions } from '@app/messaging';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { eventually, freshDatabase, providedInfrastructure, ServiceProcess, TopicRecorder } from '@app/testing';
import { IsInt, IsUUID } from 'class-validator';

class RelayProbe {
  @IsUUID()
  citizenId!: string;

  @IsInt()
  seq!: number;
}

/**
 * The deployable itself, in a child process: killed with SIGKILL mid-stream it loses no
 * committed event (and the copies it sends twice are counted), and started without Kafka or PostgreSQL it fails fast with one line.
 */
describe('payment service as a process', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'process-test', brokers: kafkaBrokers, logLevel: 0 });
  let issuer: RunningDevIssuer;
  let baseEnv: Record<string, string>;

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    baseEnv = {
      HTTP_PORT: '0',
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      VAULT_URL: 'http://127.0.0.1:1',
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'payment_process'),
      ...signingKeyEnv(await generateSigningKey('payment-process-test')),
    };
    const migrate = ServiceProcess.start('payment', baseEnv, ['migrate']);
    expect(await migrate.exited).toBe(0);
    expect(migrate.log).toMatch(/applied CreateMessagingTables/);
  });

  afterAll(async () => {
    await issuer?.stop();
  });

  it('loses no committed event when the relay is killed with SIGKILL between commit and publish', async () => {
    const topic = `test.relay-kill-${randomUUID().slice(0, 8)}.v1`;
    await ensureTopics(kafka, [{ name: topic, partitions: 3, compacted: false }]);
    const probe = defineEvent({ type: 'vn.gov.test.relay-probe.v1', payload: RelayProbe, topic: () => topic, key: (event) => event.citizenId });
    const writer = new OutboxWriter({ service: 'payment', owner: 'payment' } as MessagingOptions, SigningIdentity.load(await generateSigningKey('payment-test')));
    const database = new DataSource({ type: 'postgres', url: baseEnv.DATABASE_URL, entities: MESSAGING_ENTITIES });
    await database.initialize();
    const recorder = await TopicRecorder.start(kafka, [topic]);
    const committed = new Set<string>();
    const commitBatch = async (size: number) => {
      const ids = await database.transaction(async (manager) => {
        const appended: string[] = [];
        for (let seq = 0; seq < size; seq += 1) {
          const event = await writer.append(manager, probe, Object.assign(new RelayProbe(), { citizenId: randomUUID(), seq }));
          appended.push(event.id);
        }
        return appended;
      });
      ids.forEach((id) => committed.add(id));
    };

    try {
      let service = ServiceProcess.start('payment', baseEnv);
      await service.waitFor(/ready on/);
      const writing = (async () => {
        for (let batch = 0; batch < 20; batch += 1) await commitBatch(100);
      })();
      // Kill it while it is publishing: some rows are sent, some not, some sent but not yet deleted.
      await eventually(() => expect(recorder.messages.length).toBeGreaterThan(0), 30_000, 5);
      expect(await service.kill('SIGKILL')).toBeNull();
      await writing;
      await commitBatch(500); // committed while no relay runs at all
      const beforeRestart = new Set(recorder.messages.map((message) => message.headers.ce_id)).size;
      expect(beforeRestart).toBeLessThan(committed.size);

      service = ServiceProcess.start('payment', baseEnv);
      await service.waitFor(/ready on/);
      await eventually(() => expect(new Set(recorder.messages.map((message) => message.headers.ce_id)).size).toBe(committed.size), 60_000);
      expect(new Set(recorder.messages.map((message) => message.headers.ce_id))).toEqual(committed);
      // At least once: a row sent but not yet deleted when the process died is sent again.
      // Consumers' inboxes absorb such copies; they are counted here so the cost is seen.
      const received = recorder.messages.map((message) => message.headers.ce_id);
      const distinct = new Set(received);
      const lost = [...committed].filter((id) => !distinct.has(id)).length;
      const duplicates = received.length - distinct.size;
      process.stdout.write(`SIGKILL of the relay: ${committed.size} committed, ${lost} lost, ${duplicates} duplicate(s) on the topic\n`);
      expect(lost).toBe(0);
      expect(received.filter((id) => !committed.has(id))).toEqual([]);
      expect(await database.query('SELECT count(*)::int AS n FROM outbox_message')).toEqual([{ n: 0 }]);
      await service.kill('SIGTERM');
    } finally {
      await recorder.stop();
      await database.destroy();
    }
  });

  it('fails fast with one clear line when Kafka is unreachable', async () => {
    const service = ServiceProcess.start('payment', {
      ...baseEnv,
      KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`,
      KAFKA_CONNECT_TIMEOUT_MS: '3000',
    });
    expect(await service.exited).toBe(1);
    expect(service.log).toMatch(/^Payment cannot start: Kafka is unreachable: .*ECONNREFUSED/m);
  });

  it('fails fast with one clear line when PostgreSQL is unreachable', async () => {
    const service = ServiceProcess.start('payment', { ...baseEnv, DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/payment` });
    expect(await service.exited).toBe(1);
    expect(service.log).toMatch(/^Payment cannot start: PostgreSQL is unreachable/m);
  });

  it('refuses to start with a bad variable, naming it', async () => {
    const service = ServiceProcess.start('payment', { ...baseEnv, KAFKA_BROKERS: '', HTTP_PORT: 'eighty' });
    expect(await service.exited).toBe(1);
    expect(service.log).toMatch(/^Payment cannot start: Invalid configuration: (?=.*HTTP_PORT must .*be an integer number)(?=.*KAFKA_BROKERS must list at least one host:port)/m);
  });
});

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
