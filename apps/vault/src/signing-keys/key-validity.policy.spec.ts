import { keyUsableAt, type KeyWindow } from './key-validity.policy';

describe(keyUsableAt.name, () => {
  const day = (n: number) => new Date(Date.UTC(2026, 0, n));
  it.each<[string, KeyWindow, Date, boolean]>([
    ['inside an open window', { notBefore: day(1), notAfter: null, retiredAt: null }, day(5), true],
    ['inside a closed window', { notBefore: day(1), notAfter: day(10), retiredAt: null }, day(5), true],
    ['at its first instant', { notBefore: day(1), notAfter: day(10), retiredAt: null }, day(1), true],
    ['before it came into force', { notBefore: day(3), notAfter: null, retiredAt: null }, day(2), false],
    ['at its end (exclusive)', { notBefore: day(1), notAfter: day(10), retiredAt: null }, day(10), false],
    ['after it expired', { notBefore: day(1), notAfter: day(10), retiredAt: null }, day(11), false],
    ['retired, for an event dated before the retirement', { notBefore: day(1), notAfter: null, retiredAt: day(10) }, day(5), false],
    ['retired, for an event dated after it', { notBefore: day(1), notAfter: null, retiredAt: day(10) }, day(11), false],
  ])('%s: %s', (_case, key, at, usable) => {
    expect(keyUsableAt(key, at)).toBe(usable);
  });
});
