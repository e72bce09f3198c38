import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultKafkaDistDir, ensureKafkaToolsDistribution, KAFKA_VERSION, runCommand } from '@app/local-infra';
import { Kafka, logLevel } from 'kafkajs';
import { stepRates, type SteppedLoad } from '../harness/rate-steps';
import { AGENCY_A, BOUND, REUSED_TOPIC, REUSED_TYPES, stepLine, type BenchContext } from './bench-context';
import { copyWithPgDump, dropDatabase, freshDatabase } from './schema-copy';

/** A pgbench run: transactions per second, and its average latency. */
export interface PgbenchCeiling {
  readonly script: 'as-the-intake' | 'one-round-trip';
  readonly roundTrips: number;
  readonly clients: number;
  readonly tps: number;
  readonly latencyAverageMs: number;
}

/** What one dossier creation writes: the dossier, two reused documents, and an outbox row for each. */
const DOSSIER = `INSERT INTO dossier (id, procedure_code, procedure_version, procedure_level, citizen_personal_id, citizen_ref, status, created_at, status_changed_at)
  VALUES (gen_random_uuid(), 'JUS-CRIMINAL-RECORD', 1, 4, lpad(:citizen::text, 12, '0'), md5(:citizen::text)::uuid, 'draft', now(), now())`;
const DOCUMENTS = (id: string) => `INSERT INTO dossier_document (dossier_id, document_type_code, document_id, source, verification, verified_by_agency_code, verified_by_agency_name, verified_at, attached_at)
  VALUES ${REUSED_TYPES.map((type) => `(${id}, '${type}', gen_random_uuid(), 'reused', 'verified', '000.00.12.H26', 'Sở Tư pháp thành phố Hà Nội', now(), now())`).join(', ')}`;
/** The signed DocumentReused rows: CloudEvents headers, an Ed25519 signature and the payload, about the size the intake writes. */
const OUTBOX_ROW = (id: string) => `(gen_random_uuid(), '${REUSED_TOPIC}', md5(:citizen::text), '{"ce_specversion":"1.0","ce_id":"8d0c3f5e-1b7a-4c4e-9a51-0b3a7d2e6f10","ce_source":"/intake-000.00.12.h26","ce_type":"vn.gov.onceonly.document.reused.v1","ce_time":"2026-12-02T10:00:00.000Z","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","ce_signature":"ZXhhbXBsZS1zaWduYXR1cmUtb2YtZWlnaHR5LWZvdXItYnl0ZXMtZXhhbXBsZS1zaWduYXR1cmUtb2YtZWlnaHR5LWZvdXItYnl0ZXM="}',
  jsonb_build_object('documentId', gen_random_uuid(), 'citizenRef', md5(:citizen::text)::uuid, 'agencyCode', '000.00.12.H26', 'dossierId', ${id}, 'reusedAt', now()),
  jsonb_build_object('documentId', gen_random_uuid(), 'citizenRef', md5(:citizen::text)::uuid, 'agencyCode', '000.00.12.H26', 'dossierId', ${id}, 'reusedAt', now())::text)`;
const OUTBOX = (id: string) => `INSERT INTO outbox_message (event_id, topic, message_key, headers, payload, payload_text) VALUES ${REUSED_TYPES.map(() => OUTBOX_ROW(id)).join(', ')}`;

/**
 * The intake's 8 round trips, statement for statement as PostgreSQL logs them for one
 * creation (log_statement = all): the procedure's published version, the transaction, the
 * dossier, the index lookup, the reused documents' rows, the citizen's advisory lock, the
 * outbox rows, the commit.
 */
const AS_THE_INTAKE = [
  '\\set citizen random(1, 100000000)',
  `SELECT v.* FROM procedure_version v JOIN procedure p ON p.code = v.code AND p.published_version = v.version WHERE v.code = 'JUS-CRIMINAL-RECORD';`,
  'BEGIN;',
  DOSSIER + ' RETURNING id AS dossier \\gset',
  `SELECT * FROM reusable_document WHERE citizen_ref = md5(:citizen::text)::uuid AND document_type_code IN (${REUSED_TYPES.map((type) => `'${type}'`).join(', ')}) AND status = 'available';`,
  DOCUMENTS("':dossier'::uuid") + ';',
  'SELECT pg_advisory_xact_lock(1, hashtext(key)) FROM (SELECT key FROM unnest(ARRAY[md5(:citizen::text)]) AS key ORDER BY key) AS keys;',
  OUTBOX("':dossier'::uuid") + ';',
  'COMMIT;',
].join('\n');
const INTAKE_ROUND_TRIPS = 8;

/** The same writes as one statement: one round trip, one implicit transaction. */
const ONE_ROUND_TRIP = [
  '\\set citizen random(1, 100000000)',
  `WITH d AS (${DOSSIER} RETURNING id),
   a AS (${DOCUMENTS('(SELECT id FROM d)')}),
   o AS (${OUTBOX('(SELECT id FROM d)')})
   SELECT id FROM d;`.replace(/\n\s*/g, ' '),
].join('\n');

/**
 * Scenario 4, PostgreSQL: the dossier-creation writes through pgbench, against a copy of the
 * intake's tables (pg_dump, with the procedures the rows refer to), with as many clients as
 * the intake's connection pool holds.
 */
export async function pgbenchCeilings(context: BenchContext, clients = 10): Promise<PgbenchCeiling[]> {
  const name = `bench_pgbench_${process.pid}`;
  const url = await freshDatabase(context.postgresAdminUrl, name);
  try {
    const source = context.platform.databaseUrl(AGENCY_A.database);
    await copyWithPgDump(source, url, ['--schema-only']);
    await copyWithPgDump(source, url, ['--data-only', '--disable-triggers', '--table=procedure', '--table=procedure_version']);
    const folder = mkdtempSync(join(tmpdir(), 'bench-pgbench-'));
    const ceilings: PgbenchCeiling[] = [];
    for (const [script, text, roundTrips] of [
      ['as-the-intake', AS_THE_INTAKE, INTAKE_ROUND_TRIPS],
      ['one-round-trip', ONE_ROUND_TRIP, 1],
    ] as const) {
      const file = join(folder, `${script}.sql`);
      writeFileSync(file, `${text}\n`);
      const output = await run('pgbench', 'it comes with PostgreSQL', ['--no-vacuum', '--client', String(clients), '--jobs', '2', '--time', String(context.profile.pgbenchSeconds), '--file', file, url]);
      const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
      const latencyAverageMs = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
      if (!(tps > 0)) throw new Error(`pgbench printed no tps:\n${output.slice(-800)}`);
      ceilings.push({ script, roundTrips, clients, tps, latencyAverageMs });
      context.say(`  pgbench, ${script} (${roundTrips} round trip${roundTrips > 1 ? 's' : ''}, ${clients} clients): ${tps.toFixed(0)} tps, latency average ${latencyAverageMs.toFixed(2)} ms`);
    }
    return ceilings;
  } finally {
    await dropDatabase(context.postgresAdminUrl, name);
  }
}

/** Kafka's own producer tool: records per second and their latency, at the platform's record size. */
export interface ProducerCeiling {
  readonly records: number;
  readonly recordBytes: number;
  readonly recordsPerSecond: number;
  readonly mebibytesPerSecond: number;
  readonly latencyMs: { readonly average: number; readonly p50: number; readonly p99: number; readonly max: number };
}

const CEILING_TOPIC = 'bench.producer-ceiling';

/**
 * Scenario 4, Kafka: org.apache.kafka.tools.ProducerPerformance (Apache's kafka-tools from
 * Maven Central, run with the machine's JDK) against the platform's broker, acks=all and no
 * compression as the relay sends, on a topic with as many partitions as the intake's, with
 * records as large as the DocumentReused records scenario 1 published (value and headers:
 * the tool sends no headers, so their bytes go into its value).
 */
export async function kafkaProducerCeiling(context: BenchContext): Promise<ProducerCeiling> {
  const tools = await ensureKafkaToolsDistribution({ distDir: defaultKafkaDistDir(resolve('.state')), version: KAFKA_VERSION, log: (line) => context.say(`  ${line}`) });
  const kafka = new Kafka({ clientId: 'bench-producer-ceiling', brokers: context.platform.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(REUSED_TOPIC);
    const published = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
    const recordBytes = await meanRecordBytes(kafka, REUSED_TOPIC, Math.min(200, published));
    const partitions = (await admin.fetchTopicMetadata({ topics: [REUSED_TOPIC] })).topics[0].partitions.length;
    await admin.createTopics({ topics: [{ topic: CEILING_TOPIC, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
    const records = context.profile.producerRecords;
    const output = await run('java', 'a JDK, as for the broker', [
      '-cp', join(tools, '*'), 'org.apache.kafka.tools.ProducerPerformance',
      '--topic', CEILING_TOPIC, '--num-records', String(records), '--record-size', String(recordBytes), '--throughput', '-1',
      '--producer-props', `bootstrap.servers=${context.platform.kafkaBrokers.join(',')}`, 'acks=all', 'compression.type=none',
    ]);
    // The last line sums up the run: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P ms 50th, …, Q ms 99th, …"
    const total = output.split('\n').find((line) => / records sent, .* 50th/.test(line));
    const number = (pattern: RegExp) => Number(pattern.exec(total ?? '')?.[1]);
    const ceiling: ProducerCeiling = {
      records,
      recordBytes,
      recordsPerSecond: number(/([\d.]+) records\/sec/),
      mebibytesPerSecond: number(/\(([\d.]+) MB\/sec\)/),
      latencyMs: { average: number(/([\d.]+) ms avg latency/), p50: number(/(\d+) ms 50th/), p99: number(/(\d+) ms 99th/), max: number(/([\d.]+) ms max latency/) },
    };
    if (!(ceiling.recordsPerSecond > 0)) throw new Error(`ProducerPerformance printed no total:\n${output.slice(-800)}`);
    context.say(`  Kafka ProducerPerformance (${records} records of ${recordBytes} bytes, acks=all, ${partitions} partitions): ${ceiling.recordsPerSecond.toFixed(0)} records/s, ${ceiling.mebibytesPerSecond} MB/s, p99 ${ceiling.latencyMs.p99} ms`);
    return ceiling;
  } finally {
    await admin.deleteTopics({ topics: [CEILING_TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Mean bytes (value, header keys and values) of the first records of a topic, read back from the broker. */
async function meanRecordBytes(kafka: Kafka, topic: string, sample: number): Promise<number> {
  if (sample === 0) throw new Error(`nothing was published on ${topic} to take the record size from`);
  const consumer = kafka.consumer({ groupId: `bench-record-size-${process.pid}` });
  const sizes: number[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no records on ${topic} within 30 s`)), 30_000);
      void consumer.run({
        autoCommit: false,
        eachMessage: ({ message }) => {
          const headers = Object.entries(message.headers ?? {}).reduce((bytes, [key, value]) => bytes + Buffer.byteLength(key) + Buffer.byteLength(String(value ?? '')), 0);
          sizes.push((message.value?.length ?? 0) + headers);
          if (sizes.length === sample) {
            clearTimeout(timer);
            done();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
}

/** Scenario 4, HTTP: a bare Node server answering a constant, in its own process, stepped with the same generator. */
export async function httpCeiling(context: BenchContext): Promise<SteppedLoad> {
  const server = spawn(process.execPath, [resolve(__dirname, '../harness/constant-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((done, fail) => {
      server.stdout.on('data', (chunk: Buffer) => {
        const match = /on (\d+)/.exec(chunk.toString());
        if (match) done(Number(match[1]));
      });
      server.once('exit', (code) => fail(new Error(`the constant server exited with ${code}`)));
    });
    const requests = [{ method: 'GET', path: '/' }];
    return await stepRates(
      context.profile.httpRates,
      (ratePerSecond) => context.generator.run({ target: `http://127.0.0.1:${port}`, ratePerSecond, durationMs: context.profile.httpStepMs, requests, connections: 64 }),
      BOUND,
      (outcome) => context.say(stepLine(outcome)),
    );
  } finally {
    server.kill('SIGTERM');
  }
}

/** A command's output; a missing command or a failed run is an error that says which. */
async function run(command: string, whereFrom: string, args: readonly string[], timeoutMs = 5 * 60_000): Promise<string> {
  const result = await runCommand(command, args, { timeoutMs }).catch((error: unknown) => {
    throw new Error(`${command} could not be run (${whereFrom}): ${error instanceof Error ? error.message : String(error)}`);
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.code !== 0) throw new Error(`${command} exited with ${result.code}:\n${output.slice(-800)}`);
  return output;
}
