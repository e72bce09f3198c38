import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One local platform state: the broker's data under the state folder and the databases on the
 * PostgreSQL server belong together. The databases may live outside the folder (the machine's
 * own server keeps them when the folder is deleted), so they are named after an id stored in
 * the folder: a new folder means a new id, hence new databases beside a new broker, and never
 * a new broker beside old databases.
 */
export const STATE_ID_FILE = 'state-id';

const STATE_ID = /^[0-9a-f]{6}$/;

/** What a state folder holds that must stay with its databases: the broker's data, a private cluster. */
export const STATE_DATA_DIRS = ['kafka', 'postgres'] as const;

/**
 * The folder's state id, made (6 hex digits) and stored the first time; `created` says which.
 * A folder that already holds a broker or a cluster but no id is a state from before ids, whose
 * databases have the bare names: it gets no new id, since new databases beside that broker are
 * exactly the split ids exist to prevent. The caller is told to reset it.
 */
export function localStateId(stateDir: string, newId: () => string = () => randomBytes(3).toString('hex')): { id: string; created: boolean } {
  const file = join(stateDir, STATE_ID_FILE);
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (!STATE_ID.test(id)) throw new Error(`${file} holds "${id}", not a state id (6 hex digits); delete the folder to start a new local state`);
    return { id, created: false };
  }
  const data = STATE_DATA_DIRS.filter((dir) => existsSync(join(stateDir, dir)));
  if (data.length > 0) throw new StatelessDataError(stateDir, data);
  const id = newId();
  if (!STATE_ID.test(id)) throw new Error(`"${id}" is not a state id (6 hex digits)`);
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, `${id}\n`, { flag: 'wx' });
  return { id, created: true };
}

/** A state folder with a broker or a cluster from before state ids. */
export class StatelessDataError extends Error {
  override name = StatelessDataError.name;
  readonly code = 'LOCAL_STATE_WITHOUT_ID';

  constructor(
    readonly stateDir: string,
    readonly data: readonly string[],
  ) {
    super(
      `${stateDir} holds ${data.map((dir) => `${dir}/`).join(' and ')} from before local state ids, which belong with the databases of the bare names (vault, intake_…); ` +
        'a new state beside them would pair that broker with new databases. Reset it to start a wholly new local state',
    );
  }
}

/** `vault` of state `3f9a2c` is `vault_3f9a2c`. */
export function localDatabaseName(base: string, stateId: string): string {
  if (!STATE_ID.test(stateId)) throw new Error(`"${stateId}" is not a state id (6 hex digits)`);
  return `${base}_${stateId}`;
}

/**
 * Databases on the server that are the platform's but not this state's: the same base names
 * with another state id, or bare (as the launcher named them before state ids). Anything else
 * on the server (test databases, other projects) is not ours to mention.
 */
export function otherStatesDatabases(existing: readonly string[], bases: readonly string[], stateId: string): string[] {
  const ours = new Set(bases.map((base) => localDatabaseName(base, stateId)));
  return existing
    .filter((name) => !ours.has(name))
    .filter((name) => bases.some((base) => name === base || (name.startsWith(`${base}_`) && STATE_ID.test(name.slice(base.length + 1)))))
    .sort();
}

/**
 * The one command that drops `databases` on the server of `adminUrl`, to copy and run. A URL
 * with a password is not printed: the command reads it from $DATABASE_URL, where it came from.
 */
export function dropDatabasesCommand(adminUrl: string, databases: readonly string[]): string {
  const url = new URL(adminUrl);
  const target = url.password ? '"$DATABASE_URL"' : `'${url.toString()}'`;
  const drops = databases.map((name) => `-c 'DROP DATABASE "${name.replace(/"/g, '""')}" WITH (FORCE)'`).join(' ');
  return `psql ${target} ${drops}`;
}
