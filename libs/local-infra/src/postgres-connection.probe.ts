import { Client } from 'pg';

import { withTimeout } from './poll.util';

/** Connects and runs `select 1`; rejects with the driver's reason. */
export async function verifyPostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A connection dropped after connect() is reported as an event; unhandled it would crash Node.
  client.on('error', () => undefined);
  try {
    await withTimeout(
      (async () => {
        await client.connect();
        await client.query('select 1');
      })(),
      timeoutMs + 1000,
      'PostgreSQL connect',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL with its password masked, for messages and progress lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
