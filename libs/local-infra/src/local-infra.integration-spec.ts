import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Kafka, Partitioners, logLevel, type EachMessagePayload } from 'kafkajs';
import { Client } from 'pg';

import { ensureDatabase } from './database.ensurer';
import type { KafkaHandle, PostgresHandle } from './infra.types';
import { defaultKafkaRoutes, resolveKafka } from './kafka.resolver';
import { isPortOpen } from './net.util';
import { defaultPostgresRoutes, resolvePostgres } from './postgres.resolver';

// These start real servers and fail (never skip) when they cannot. The routes that would
// pick something else (env variables, Docker, the machine's own PostgreSQL) are switched
// off so that the launchers this library owns are what gets tested.
// Two free neighbouring ports (client, controller), wherever the platform or a developer's brokers run.
let KAFKA_PORT: number;
const POSTGRES_PORT = 55433;

async function freePortPair(): Promise<number> {
  for (let port = 39_092; port < 39_992; port += 2) {
    if (!(await isPortOpen('127.0.0.1', port)) && !(await isPortOpen('127.0.0.1', port + 1))) return port;
  }
  throw new Error('no two free neighbouring ports between 39092 and 39992');
}
// The jar cache of the clone, so the Maven copy happens once, not once per run.
const KAFKA_DIST_DIR = resolve(__dirname, '..', '..', '..', '.state', 'kafka-dist');
const log = (line: string): void => void process.stdout.write(`[local-infra] ${line}\n`);

describe('local Kafka broker', () => {
  let stateDir: string;
  let kafka: KafkaHandle | undefined;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-infra-kafka-'));
    KAFKA_PORT = await freePortPair();
  });

  afterAll(async () => {
    await kafka?.stop();
    await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('starts, serves a kafkajs produce/consume round trip, and stops', async () => {
    kafka = await resolveKafka(
      { stateDir, kafkaPort: KAFKA_PORT, kafkaDistDir: KAFKA_DIST_DIR, useTestcontainers: false, log },
      { ...defaultKafkaRoutes, env: {} },
    );
    expect(kafka).toMatchObject({ source: 'local', brokers: [`127.0.0.1:${KAFKA_PORT}`] });

    const client = new Kafka({ clientId: 'local-infra-it', brokers: kafka.brokers, logLevel: logLevel.WARN });
    const topic = `local-infra-it-${Date.now()}`;
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello from kafkajs' }] });
    await producer.disconnect();

    const consumer = client.consumer({ groupId: `${topic}-group` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolveMessage, reject) => {
      const timer = setTimeout(() => reject(new Error('no message consumed within 60 s')), 60_000);
      void consumer
        .run({
          eachMessage: ({ message }: EachMessagePayload) => {
            clearTimeout(timer);
            resolveMessage(message.value?.toString() ?? '');
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    expect(received).toBe('hello from kafkajs');

    await kafka.stop();
    expect(await isPortOpen('127.0.0.1', KAFKA_PORT)).toBe(false);
  }, 300_000);
});

describe('private PostgreSQL cluster', () => {
  let stateDir: string;
  let postgres: PostgresHandle | undefined;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-infra-pg-'));
  });

  afterAll(async () => {
    await postgres?.stop();
    await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('is created with initdb, answers select 1, ensures a database, and stops', async () => {
    postgres = await resolvePostgres(
      { stateDir, postgresPort: POSTGRES_PORT, useTestcontainers: false, log },
      {
        ...defaultPostgresRoutes,
        env: {},
        probeExistingServer: () => Promise.resolve(undefined),
      },
    );
    expect(postgres).toMatchObject({ source: 'local', adminUrl: `postgres://postgres@127.0.0.1:${POSTGRES_PORT}/postgres` });

    const admin = new Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    try {
      expect((await admin.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
    }

    // Several workers may ensure one database at once; all must succeed.
    const urls = await Promise.all([1, 2, 3].map(() => ensureDatabase(postgres!.adminUrl, 'local_infra_it')));
    expect(new Set(urls)).toEqual(new Set([`postgres://postgres@127.0.0.1:${POSTGRES_PORT}/local_infra_it`]));
    const app = new Client({ connectionString: urls[0] });
    await app.connect();
    try {
      expect((await app.query<{ db: string }>('select current_database() as db')).rows[0]?.db).toBe('local_infra_it');
    } finally {
      await app.end();
    }

    await postgres.stop();
    expect(await isPortOpen('127.0.0.1', POSTGRES_PORT)).toBe(false);
  }, 120_000);
});
