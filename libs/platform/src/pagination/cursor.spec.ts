import { ApiError } from '../errors/api-error';
import { decodeCursor, encodeCursor, isTimestampKey, isUuidKey, toPage } from './cursor';

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
