import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';

/**
 * The scenarios that generate data directly, or give pgbench the platform's tables, do it on a
 * database of their own whose tables are copied from the running intake's with pg_dump, so
 * the copy is exactly what the migrations made (columns, checks, indexes, triggers).
 */

/** Drops and creates `name` on the server of `adminUrl`; returns its URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** `pg_dump <args> from | psql to`, failing with what either said. */
export async function copyWithPgDump(fromUrl: string, toUrl: string, args: readonly string[]): Promise<void> {
  const dump = spawn('pg_dump', ['--no-owner', '--no-privileges', ...args, fromUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  const restore = spawn('psql', ['--quiet', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', toUrl], { stdio: ['pipe', 'ignore', 'pipe'] });
  dump.stdout.pipe(restore.stdin);
  const said: string[] = [];
  dump.stderr.on('data', (chunk: Buffer) => said.push(chunk.toString()));
  restore.stderr.on('data', (chunk: Buffer) => said.push(chunk.toString()));
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((done, fail) => {
      child.once('error', (error: NodeJS.ErrnoException) => fail(new Error(error.code === 'ENOENT' ? `${child.spawnfile} is not on PATH (it comes with PostgreSQL's client tools)` : error.message)));
      child.once('exit', done);
    });
  const [dumped, restored] = await Promise.all([exited(dump), exited(restore)]);
  if (dumped !== 0 || restored !== 0) throw new Error(`copying tables with pg_dump | psql failed (${dumped}, ${restored}): ${said.join('').trim().slice(0, 500)}`);
}
