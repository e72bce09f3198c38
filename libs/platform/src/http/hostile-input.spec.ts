import { ApiError } from '../errors/api-error';
import { assertSafeInput, MAX_JSON_DEPTH } from './hostile-input';

const codeOf = (value: unknown): string | undefined => {
  try {
    assertSafeInput(value, 'request body');
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
};

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
};

describe(assertSafeInput.name, () => {
  it('lets ordinary bodies, strings and files through', () => {
    expect(codeOf({ procedureCode: 'JUS-1', list: ['a', { b: 1 }], none: null })).toBeUndefined();
    expect(codeOf('000.00.12.H26')).toBeUndefined();
    expect(codeOf(Buffer.from([0, 1, 2]))).toBeUndefined();
    expect(codeOf(nested(MAX_JSON_DEPTH))).toBeUndefined();
  });

  it('refuses a NUL character in any string or key, however deep', () => {
    expect(codeOf('a\u0000b')).toBe('NUL_CHARACTER');
    expect(codeOf({ list: [{ note: 'x\u0000' }] })).toBe('NUL_CHARACTER');
    expect(codeOf({ ['k\u0000']: 1 })).toBe('NUL_CHARACTER');
  });

  it('refuses an unpaired surrogate in any string or key, and keeps pairs (emoji, rare Han characters)', () => {
    expect(codeOf(JSON.parse('{"email":"\\ud800"}'))).toBe('INVALID_UNICODE');
    expect(codeOf(JSON.parse('{"note":"a\\udc00b"}'))).toBe('INVALID_UNICODE');
    expect(codeOf(JSON.parse('{"list":[{"name":"\\ud83d"}]}'))).toBe('INVALID_UNICODE');
    expect(codeOf(JSON.parse('{"\\udfff":1}'))).toBe('INVALID_UNICODE');
    expect(codeOf({ name: 'Nguyễn 👩🏽‍⚖️ 𠀀 \ud83d\ude00' })).toBeUndefined();
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    expect(codeOf(nested(MAX_JSON_DEPTH + 1))).toBe('JSON_TOO_DEEP');
    expect(codeOf(nested(100_000))).toBe('JSON_TOO_DEEP');
  });

  it('refuses prototype keys as unknown properties', () => {
    expect(codeOf(JSON.parse('{"__proto__":{"admin":true}}'))).toBe('VALIDATION_FAILED');
    expect(codeOf({ nested: { constructor: { prototype: 1 } } })).toBe('VALIDATION_FAILED');
  });
});
