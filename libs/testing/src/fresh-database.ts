import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';

/** Test databases are named `t<run>_…`, so one run can drop exactly its own when it ends. */
export function testDatabasePrefix(runId: string): string {
  return `t${runId}_`;
}

/** A new, empty database on the test server, so each suite starts from migrations alone. */
export async function freshDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = `${testDatabasePrefix(inject('testRunId'))}${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops every database this run created, even those a crashed suite left connected. */
export async function dropTestDatabases(adminUrl: string, runId: string): Promise<number> {
  return withAdmin(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [testDatabasePrefix(runId)]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  });
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
