import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stepRates, type SteppedLoad } from '../harness/rate-steps';
import { AGENCY_A, BOUND, stepLine, type BenchContext } from './bench-context';
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
const DOCUMENT = (type: string, id: string) => `INSERT INTO dossier_document (dossier_id, document_type_code, document_id, source, verification, verified_by_agency_code, verified_by_agency_name, verified_at, attached_at)
  VALUES (${id}, '${type}', gen_random_uuid(), 'reused', 'verified', '000.00.12.H26', 'Sở Tư pháp thành phố Hà Nội', now(), now())`;
/** The signed DocumentReused row: CloudEvents headers, an Ed25519 signature and the payload, about the size the intake writes. */
const OUTBOX = (id: string) => `INSERT INTO outbox_message (event_id, topic, message_key, headers, payload, payload_text)
  VALUES (gen_random_uuid(), 'vault.document-reused.v1', md5(:citizen::text), '{"ce_specversion":"1.0","ce_id":"8d0c3f5e-1b7a-4c4e-9a51-0b3a7d2e6f10","ce_source":"/intake-000.00.12.h26","ce_type":"vn.gov.onceonly.document.reused.v1","ce_time":"2026-12-02T10:00:00.000Z","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","ce_signature":"ZXhhbXBsZS1zaWduYXR1cmUtb2YtZWlnaHR5LWZvdXItYnl0ZXMtZXhhbXBsZS1zaWduYXR1cmUtb2YtZWlnaHR5LWZvdXItYnl0ZXM="}',
  jsonb_build_object('documentId', gen_random_uuid(), 'citizenRef', md5(:citizen::text)::uuid, 'agencyCode', '000.00.12.H26', 'dossierId', ${id}, 'reusedAt', now()),
  jsonb_build_object('documentId', gen_random_uuid(), 'citizenRef', md5(:citizen::text)::uuid, 'agencyCode', '000.00.12.H26', 'dossierId', ${id}, 'reusedAt', now())::text)`;
const READ_BACK = [
  `SELECT * FROM procedure_version WHERE code = 'JUS-CRIMINAL-RECORD' AND version = 1`,
  `SELECT * FROM dossier_document WHERE dossier_id = ':dossier'::uuid`,
  `SELECT * FROM supplement_request WHERE dossier_id = ':dossier'::uuid`,
];

/**
 * The intake's 14 round trips, statement for statement as PostgreSQL logs them for one
 * creation (log_statement = all): the procedure read, the transaction, the dossier, the index
 * lookup, per reused document its row, the per-key advisory lock and the outbox row, the
 * read-back of the view, the commit.
 */
const AS_THE_INTAKE = [
  '\\set citizen random(1, 100000000)',
  READ_BACK[0] + ';',
  'BEGIN;',
  DOSSIER + ' RETURNING id AS dossier \\gset',
  `SELECT * FROM reusable_document WHERE citizen_ref = md5(:citizen::text)::uuid AND document_type_code IN ('IDENTITY_CARD', 'BIRTH_CERTIFICATE') AND status = 'available';`,
  ...['IDENTITY_CARD', 'BIRTH_CERTIFICATE'].flatMap((type) => [
    DOCUMENT(type, "':dossier'::uuid") + ';',
    'SELECT pg_advisory_xact_lock(1, hashtext(md5(:citizen::text)));',
    OUTBOX("':dossier'::uuid") + ';',
  ]),
  ...READ_BACK.map((statement) => statement + ';'),
  'COMMIT;',
].join('\n');

/** The same writes as one statement: one round trip, one implicit transaction. */
const ONE_ROUND_TRIP = [
  '\\set citizen random(1, 100000000)',
  `WITH d AS (${DOSSIER} RETURNING id),
   a AS (${DOCUMENT('IDENTITY_CARD', '(SELECT id FROM d)')}),
   b AS (${DOCUMENT('BIRTH_CERTIFICATE', '(SELECT id FROM d)')}),
   o AS (${OUTBOX('(SELECT id FROM d)')}),
   p AS (${OUTBOX('(SELECT id FROM d)')})
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
      ['as-the-intake', AS_THE_INTAKE, 14],
      ['one-round-trip', ONE_ROUND_TRIP, 1],
    ] as const) {
      const file = join(folder, `${script}.sql`);
      writeFileSync(file, `${text}\n`);
      const output = await run('pgbench', ['--no-vacuum', '--client', String(clients), '--jobs', '2', '--time', String(context.profile.pgbenchSeconds), '--file', file, url]);
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

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => fail(new Error(error.code === 'ENOENT' ? `${command} is not on PATH (it comes with PostgreSQL)` : error.message)));
    child.once('exit', (code) => (code === 0 ? done(output) : fail(new Error(`${command} exited with ${code}:\n${output.slice(-800)}`))));
  });
}
