import { ApiError } from '../errors/api-error';
import { decodeCursor, encodeCursor, isBigintKey, isTimestampKey, isUuidKey, toPage } from './cursor';

describe(toPage.name, () => {
  it('serves `limit` rows and a cursor of the last one when there are more', () => {
    const page = toPage([1, 2, 3], 2, (n) => [String(n)], (n) => n * 10);
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor(page.nextCursor!, [(part) => typeof part === 'string'])).toEqual(['2']);
    expect(toPage([1, 2], 2, (n) => [String(n)], (n) => n).nextCursor).toBeNull();
  });
});

describe(decodeCursor.name, () => {
  const shape = [isTimestampKey, isUuidKey];
  it('reads back what encodeCursor wrote', () => {
    const key = ['2026-12-01T00:00:00.000Z', '6f1c0d6e-8d3b-4c59-9a7c-1b2a3c4d5e6f'];
    expect(decodeCursor(encodeCursor(key), shape)).toEqual(key);
  });

  it.each(['', 'not base64 json', encodeCursor(['x', 'y']), encodeCursor(['2026-12-01T00:00:00.000Z']), Buffer.from('{"a":1}').toString('base64url')])(
    'refuses %j with INVALID_CURSOR',
    (cursor) => {
      expect(() => decodeCursor(cursor, shape)).toThrow(ApiError);
      try {
        decodeCursor(cursor, shape);
      } catch (error) {
        expect((error as ApiError).code).toBe('INVALID_CURSOR');
      }
    },
  );
});

describe('cursor keys', () => {
  it.each(['2026-12-01T00:00:00.000Z', '2026-12-03 10:57:16.391234+00', '2024-02-29T23:59:59Z', '2026-12-03T17:57:16+07:00'])('takes the timestamp %s', (key) => {
    expect(isTimestampKey(key)).toBe(true);
  });

  // Each of these parses in JavaScript and fails PostgreSQL's keyset query: a 500 before.
  it.each(['-145886-04-16T09:20:02.090Z', '+257686-07-26T17:05:04.760Z', '2026-02-30T00:00:00Z', '2026-13-01 00:00:00+00', '2026-12-01', 'Tue, 01 Dec 2026 00:00:00 GMT'])('refuses the timestamp %s', (key) => {
    expect(isTimestampKey(key)).toBe(false);
  });

  it('takes a bigint up to PostgreSQL’s maximum and no further', () => {
    expect(isBigintKey('9223372036854775807')).toBe(true);
    expect(isBigintKey('9223372036854775808')).toBe(false);
    expect(isBigintKey('9999999999999999999')).toBe(false);
  });
});
