import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NAMES, type HostilePlatform, type ServiceName } from './hostile-platform';

/** `<service>.<table>` → rows, for every table of every service's database. */
export type RowCounts = ReadonlyMap<string, number>;

/** A table written on purpose when a request is refused, and which of its rows a refusal may add. */
export interface RefusalLog {
  readonly service: ServiceName;
  readonly table: string;
  /** SQL condition matching the rows a refusal writes; every other row of the table is counted as usual. */
  readonly refusalRows: string;
}

/**
 * The only such table: the vault logs every refused content read in the citizen's access log
 * as `read-denied`, in its own commit, before it answers 403 (architecture §6, "Provenance").
 */
export const REFUSAL_LOGS: readonly RefusalLog[] = [{ service: 'vault', table: 'access_log', refusalRows: "action = 'read-denied'" }];

/** The names a snapshot gives a refusal log's whole table (moves on purpose) and its other rows (must not). */
export const refusalLogName = (log: RefusalLog) => `${log.service}.${log.table}`;
const otherRowsName = (log: RefusalLog) => `${log.service}.${log.table} where not ${log.refusalRows}`;

export async function rowCounts(platform: HostilePlatform, services: readonly ServiceName[] = SERVICE_NAMES): Promise<RowCounts> {
  const counts = new Map<string, number>();
  for (const service of services) {
    const database = platform.database(service);
    const tables = await database.query<{ table_name: string }[]>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
    if (tables.length === 0) throw new Error(`${service} has no tables: is this its database?`);
    const union = tables.map(({ table_name }) => `SELECT '${table_name}' AS name, count(*)::int AS rows FROM "${table_name}"`).join(' UNION ALL ');
    for (const { name, rows } of await database.query<{ name: string; rows: number }[]>(union)) counts.set(`${service}.${name}`, rows);
    for (const log of REFUSAL_LOGS.filter((candidate) => candidate.service === service)) {
      const [{ rows }] = await database.query<{ rows: number }[]>(`SELECT count(*)::int AS rows FROM "${log.table}" WHERE NOT (${log.refusalRows})`);
      counts.set(otherRowsName(log), rows);
    }
  }
  return counts;
}

/** Each table whose count moved, as `table: before → after`. */
export function countChanges(before: RowCounts, after: RowCounts, ignored: readonly string[] = []): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .filter((name) => !ignored.includes(name) && before.get(name) !== after.get(name))
    .sort()
    .map((name) => `${name}: ${before.get(name) ?? 'absent'} → ${after.get(name) ?? 'absent'}`);
}

/**
 * Waits until two snapshots `quietMs` apart agree: the relays have published, the consumers
 * have applied and the notification dispatcher has sent what the seeding caused, so that
 * whatever moves afterwards was moved by the requests under test.
 */
export async function quietRowCounts(platform: HostilePlatform, quietMs = 1_000, timeoutMs = 60_000): Promise<RowCounts> {
  const deadline = Date.now() + timeoutMs;
  let previous = await rowCounts(platform);
  for (;;) {
    await sleep(quietMs);
    const current = await rowCounts(platform);
    const moved = countChanges(previous, current);
    if (moved.length === 0) return current;
    if (Date.now() > deadline) throw new Error(`the platform never settled: ${moved.join('; ')}`);
    previous = current;
  }
}
