import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabasesCommand, localDatabaseName, localStateId, otherStatesDatabases, STATE_ID_FILE, StatelessDataError } from './local-state';

const BASES = ['vault', 'payment', 'notification', 'intake_000_00_12_h26'];

describe(localStateId.name, () => {
  it('makes an id once and keeps it: the same folder is the same state', () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'local-state-')), 'platform');
    expect(localStateId(folder, () => '3f9a2c')).toEqual({ id: '3f9a2c', created: true });
    expect(localStateId(folder, () => 'ffffff')).toEqual({ id: '3f9a2c', created: false });
    expect(readFileSync(join(folder, STATE_ID_FILE), 'utf8')).toBe('3f9a2c\n');
  });

  it('gives a new folder a new id', () => {
    const ids = [1, 2, 3].map(() => localStateId(mkdtempSync(join(tmpdir(), 'local-state-'))).id);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{6}$/);
  });

  it.each(['kafka', 'postgres'])('gives no id to a folder whose %s/ is from before state ids: it belongs with the old databases', (dir) => {
    const folder = mkdtempSync(join(tmpdir(), 'local-state-'));
    mkdirSync(join(folder, dir));
    expect(() => localStateId(folder)).toThrow(StatelessDataError);
    expect(() => localStateId(folder)).toThrow(new RegExp(`holds ${dir}/ from before local state ids`));
  });

  it('gives an id to a folder with only logs and secrets in it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'local-state-'));
    mkdirSync(join(folder, 'logs'));
    writeFileSync(join(folder, 'metrics-token'), 'secret');
    expect(localStateId(folder, () => 'abcdef')).toEqual({ id: 'abcdef', created: true });
  });

  it('refuses a state file it did not write, rather than guess which databases are meant', () => {
    const folder = mkdtempSync(join(tmpdir(), 'local-state-'));
    writeFileSync(join(folder, STATE_ID_FILE), 'vault');
    expect(() => localStateId(folder)).toThrow(/not a state id/);
  });
});

describe(localDatabaseName.name, () => {
  it.each([
    ['vault', '3f9a2c', 'vault_3f9a2c'],
    ['intake_000_00_12_h26', '00ab12', 'intake_000_00_12_h26_00ab12'],
  ])('names %s of state %s %s', (base, id, name) => {
    expect(localDatabaseName(base, id)).toBe(name);
  });

  it('refuses an id that is not one', () => {
    expect(() => localDatabaseName('vault', 'x; drop')).toThrow(/not a state id/);
  });
});

describe(otherStatesDatabases.name, () => {
  it.each<[string, string[], string[]]>([
    ['nothing but this state', ['postgres', 'vault_3f9a2c', 'payment_3f9a2c'], []],
    ['another state', ['vault_3f9a2c', 'vault_0a0b0c', 'intake_000_00_12_h26_0a0b0c'], ['intake_000_00_12_h26_0a0b0c', 'vault_0a0b0c']],
    ['the names from before state ids', ['vault', 'intake_000_00_12_h26', 'vault_3f9a2c'], ['intake_000_00_12_h26', 'vault']],
    ['test databases and other projects', ['t1a2b3c_vault_9f8e7d6c', 'vault_archive', 'vaultx_0a0b0c', 'shop', 'vault_0A0B0C'], []],
  ])('with %s, lists %j', (_case, existing, others) => {
    expect(otherStatesDatabases(existing, BASES, '3f9a2c')).toEqual(others);
  });
});

describe(dropDatabasesCommand.name, () => {
  it('is one psql command to copy', () => {
    expect(dropDatabasesCommand('postgres://postgres@127.0.0.1:5432/postgres', ['vault', 'vault_0a0b0c'])).toBe(
      `psql 'postgres://postgres@127.0.0.1:5432/postgres' -c 'DROP DATABASE "vault" WITH (FORCE)' -c 'DROP DATABASE "vault_0a0b0c" WITH (FORCE)'`,
    );
  });

  it('never prints a password: the URL is read from DATABASE_URL', () => {
    const command = dropDatabasesCommand('postgres://app:s3cret@db.example:5432/postgres', ['vault']);
    expect(command).toBe(`psql "$DATABASE_URL" -c 'DROP DATABASE "vault" WITH (FORCE)'`);
    expect(command).not.toContain('s3cret');
  });
});
