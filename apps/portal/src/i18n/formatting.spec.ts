import { formatDate, formatDateTime, formatVnd } from './formatting';

describe('Vietnamese formats', () => {
  it('groups đồng with dots and puts the sign after', () => {
    expect(formatVnd(1_250_000)).toBe('1.250.000\u00a0₫');
    expect(formatVnd(0)).toBe('0\u00a0₫');
  });

  it('writes days first, in Việt Nam time', () => {
    expect(formatDate('2026-05-17')).toBe('17/05/2026');
    // 17:30 UTC on 16 May is already 17 May in Hà Nội.
    expect(formatDate('2026-05-16T17:30:00Z')).toBe('17/05/2026');
    expect(formatDateTime('2026-05-16T17:30:00Z')).toBe('00:30 17/05/2026');
  });
});
