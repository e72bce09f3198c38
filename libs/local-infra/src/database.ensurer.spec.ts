import { databaseUrl, quoteIdentifier } from './database.ensurer';

describe(databaseUrl.name, () => {
  it('points the admin URL at the database, keeping credentials and options', () => {
    expect(databaseUrl('postgres://u:p@127.0.0.1:55432/postgres?sslmode=disable', 'orders')).toBe(
      'postgres://u:p@127.0.0.1:55432/orders?sslmode=disable',
    );
  });

  it('encodes names that are not URL-safe', () => {
    expect(databaseUrl('postgres://postgres@h:5432/postgres', 'my db')).toBe('postgres://postgres@h:5432/my%20db');
  });

  it('rejects names PostgreSQL would truncate or refuse', () => {
    expect(() => databaseUrl('postgres://h/postgres', '')).toThrow(/invalid database name/);
    expect(() => databaseUrl('postgres://h/postgres', 'x'.repeat(64))).toThrow(/invalid database name/);
  });
});

describe(quoteIdentifier.name, () => {
  it('double-quotes and escapes embedded quotes', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});
