import { Client } from 'pg';

const DUPLICATE_DATABASE = '42P04';
// Two concurrent CREATE DATABASE of one name can also collide on pg_database's unique index.
const UNIQUE_VIOLATION = '23505';
const MAX_IDENTIFIER_BYTES = 63;

/**
 * Creates `database` on the server of adminUrl unless it exists, and returns adminUrl
 * pointing at it. Safe to race: several test workers may ensure the same database at once.
 */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const targetUrl = databaseUrl(adminUrl, database);
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        // CREATE DATABASE takes no bind parameters, hence the quoted identifier.
        await client.query(`create database ${quoteIdentifier(database)}`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  return targetUrl;
}

/** adminUrl with its path replaced by the database; query options (sslmode…) are kept. */
export function databaseUrl(adminUrl: string, database: string): string {
  if (database === '' || Buffer.byteLength(database) > MAX_IDENTIFIER_BYTES || database.includes('\0')) {
    throw new Error(`invalid database name ${JSON.stringify(database)}: 1 to ${MAX_IDENTIFIER_BYTES} bytes, no NUL`);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
