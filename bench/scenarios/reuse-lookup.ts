import { createHash } from 'node:crypto';
import { build } from 'hdr-histogram-js';
import { Client } from 'pg';
import type { Percentiles } from '../harness/open-load';
import { AGENCY_A, type BenchContext } from './bench-context';
import { copyWithPgDump, dropDatabase, freshDatabase } from './schema-copy';

export interface LookupAtSize {
  readonly documents: number;
  readonly generatedInSeconds: number;
  readonly lookupMs: Percentiles;
  readonly tableMiB: number;
  readonly indexesMiB: number;
}

/** Four documents per citizen, of the types a procedure asks for; one in twenty withdrawn. */
const GENERATE = `
  INSERT INTO reusable_document
    (document_id, citizen_ref, document_type_code, verified_by_agency_code, verified_by_agency_name, verified_at, valid_until, scope, status, withdrawn_reason, version)
  SELECT gen_random_uuid(),
         md5('citizen-' || (i / 4))::uuid,
         (ARRAY['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'MARRIAGE_CERTIFICATE', 'RESIDENCE_CONFIRMATION'])[i % 4 + 1],
         (ARRAY['000.00.12.H26', '000.00.15.H26', '000.00.12.H17'])[(i / 4) % 3 + 1],
         'Sở Tư pháp',
         now() - make_interval(days => (i % 1000)::int),
         CASE WHEN i % 3 = 0 THEN NULL ELSE now() + make_interval(days => (365 + i % 1000)::int) END,
         CASE WHEN i % 2 = 0 THEN 'agency' ELSE 'governing-body' END,
         CASE WHEN i % 20 = 0 THEN 'withdrawn' ELSE 'available' END,
         CASE WHEN i % 20 = 0 THEN 'revoked' END,
         1
  FROM generate_series(0, $1::bigint - 1) AS i`;

/** The intake's lookup (ReuseIndex.reusable): one citizen's available documents of the procedure's types. */
const LOOKUP = `SELECT * FROM reusable_document WHERE citizen_ref = $1 AND document_type_code = ANY($2::text[]) AND status = 'available'`;

/**
 * Scenario 3: the reuse lookup against indexes of national size, generated directly in a
 * database of its own (the intake's table, copied with pg_dump). The rows go in before the
 * indexes are built, as a bulk load would; then the lookup runs one at a time, for random
 * citizens, over one connection.
 */
export async function reuseLookup(context: BenchContext): Promise<LookupAtSize[]> {
  const { profile, say } = context;
  const name = `bench_reuse_lookup_${process.pid}`;
  const url = await freshDatabase(context.postgresAdminUrl, name);
  const source = context.platform.databaseUrl(AGENCY_A.database);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const results: LookupAtSize[] = [];
    for (const documents of profile.lookupSizes) {
      await client.query('DROP TABLE IF EXISTS reusable_document');
      await copyWithPgDump(source, url, ['--section=pre-data', '--table=reusable_document']);
      const started = performance.now();
      await client.query(GENERATE, [documents]);
      await copyWithPgDump(source, url, ['--section=post-data', '--table=reusable_document']);
      await client.query('VACUUM ANALYZE reusable_document');
      const generatedInSeconds = (performance.now() - started) / 1000;

      const citizens = Math.max(1, Math.floor(documents / 4));
      const lookup = async () => client.query(LOOKUP, [md5Uuid(`citizen-${Math.floor(Math.random() * citizens)}`), ['IDENTITY_CARD', 'BIRTH_CERTIFICATE']]);
      for (let i = 0; i < 200; i += 1) await lookup(); // plan cache, buffers
      const latency = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
      for (let i = 0; i < profile.lookups; i += 1) {
        const at = performance.now();
        const { rows } = await lookup();
        latency.recordValue(Math.max(1, Math.round((performance.now() - at) * 1000)));
        if (rows.length > 2) throw new Error(`a lookup found ${rows.length} documents of two types for one citizen`);
      }
      const sizes = (await client.query<{ table: string; indexes: string }>("SELECT pg_table_size('reusable_document') AS table, pg_indexes_size('reusable_document') AS indexes")).rows[0];
      const at = (percentile: number) => latency.getValueAtPercentile(percentile) / 1000;
      const result: LookupAtSize = {
        documents,
        generatedInSeconds,
        lookupMs: { p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: latency.maxValue / 1000 },
        tableMiB: Number(sizes.table) / 1024 ** 2,
        indexesMiB: Number(sizes.indexes) / 1024 ** 2,
      };
      results.push(result);
      say(
        `  ${documents.toLocaleString('en')} documents (generated and indexed in ${generatedInSeconds.toFixed(0)} s; table ${result.tableMiB.toFixed(0)} MiB, indexes ${result.indexesMiB.toFixed(0)} MiB): lookup p50 ${result.lookupMs.p50.toFixed(3)} ms  p99 ${result.lookupMs.p99.toFixed(3)} ms  max ${result.lookupMs.max.toFixed(1)} ms`,
      );
    }
    return results;
  } finally {
    await client.end();
    await dropDatabase(context.postgresAdminUrl, name);
  }
}

function md5Uuid(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
