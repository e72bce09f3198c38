import { ApiError } from '@app/platform';
import { MAX_PERIOD_MONTHS, monthRange } from './rating-period';
import { RatingErrorCode } from './rating-error-code';

// 20:00 UTC on 31 May is already 1 June in Vietnam.
const NOW = new Date('2026-05-31T20:00:00.000Z');

function refusal(from: string | undefined, to: string | undefined): string {
  try {
    monthRange(from, to, NOW);
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'accepted';
}

describe(monthRange.name, () => {
  it('bounds whole months in Vietnam, both ends included', () => {
    const range = monthRange('2026-01', '2026-03', NOW);
    expect(range).toEqual({
      from: '2026-01',
      to: '2026-03',
      startsAt: new Date('2025-12-31T17:00:00.000Z'),
      endsBefore: new Date('2026-03-31T17:00:00.000Z'),
    });
  });

  it('defaults to the twelve months ending with the current month in Vietnam', () => {
    expect(monthRange(undefined, undefined, NOW)).toMatchObject({ from: '2025-07', to: '2026-06' });
    expect(monthRange(undefined, undefined, new Date('2026-05-31T16:59:59.999Z'))).toMatchObject({ from: '2025-06', to: '2026-05' });
    expect(monthRange(undefined, '2026-02', NOW)).toMatchObject({ from: '2025-03', to: '2026-02' });
    expect(monthRange('2026-04', undefined, NOW)).toMatchObject({ from: '2026-04', to: '2026-06' });
  });

  it(`accepts one month, and up to ${MAX_PERIOD_MONTHS}`, () => {
    expect(refusal('2026-03', '2026-03')).toBe('accepted');
    expect(refusal('2024-01', '2026-12')).toBe('accepted');
  });

  it.each([
    { from: '2026-13', to: '2026-12', code: RatingErrorCode.InvalidPeriod },
    { from: '2026-00', to: '2026-12', code: RatingErrorCode.InvalidPeriod },
    { from: '2026-1', to: '2026-12', code: RatingErrorCode.InvalidPeriod },
    { from: '2026-01-01', to: '2026-12', code: RatingErrorCode.InvalidPeriod },
    { from: '2026-01', to: 'december', code: RatingErrorCode.InvalidPeriod },
    { from: '1969-12', to: '1970-01', code: RatingErrorCode.InvalidPeriod },
    { from: '', to: '2026-12', code: RatingErrorCode.InvalidPeriod },
    { from: '2026-04', to: '2026-03', code: RatingErrorCode.PeriodReversed },
    { from: '2026-07', to: undefined, code: RatingErrorCode.PeriodReversed },
    { from: '2023-12', to: '2026-12', code: RatingErrorCode.PeriodTooLong },
    { from: '2020-01', to: undefined, code: RatingErrorCode.PeriodTooLong },
  ])('refuses from=$from to=$to with 400 $code', ({ from, to, code }) => {
    expect(refusal(from, to)).toBe(`400 ${code}`);
  });
});
