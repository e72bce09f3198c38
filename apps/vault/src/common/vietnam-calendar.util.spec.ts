import { addCalendarMonths } from './vietnam-calendar.util';

describe(addCalendarMonths.name, () => {
  it('keeps the day and the time of day', () => {
    expect(addCalendarMonths(new Date('2026-01-15T03:00:00.000Z'), 6).toISOString()).toBe('2026-07-15T03:00:00.000Z');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addCalendarMonths(new Date('2025-08-31T05:00:00.000Z'), 6).toISOString()).toBe('2026-02-28T05:00:00.000Z');
    expect(addCalendarMonths(new Date('2027-08-31T05:00:00.000Z'), 6).toISOString()).toBe('2028-02-29T05:00:00.000Z');
  });

  it('counts months on the Vietnamese calendar, not the UTC one', () => {
    // 31 January 20:00 UTC is already 1 February in Hanoi: six months later is 1 August there.
    expect(addCalendarMonths(new Date('2026-01-31T20:00:00.000Z'), 6).toISOString()).toBe('2026-07-31T20:00:00.000Z');
    // 30 April 18:00 UTC is 1 May 01:00 in Hanoi; one month later is 1 June 01:00 there (31 May 18:00 UTC), not 30 May.
    expect(addCalendarMonths(new Date('2026-04-30T18:00:00.000Z'), 1).toISOString()).toBe('2026-05-31T18:00:00.000Z');
  });

  it('crosses years', () => {
    expect(addCalendarMonths(new Date('2026-10-10T00:00:00.000Z'), 180).toISOString()).toBe('2041-10-10T00:00:00.000Z');
  });
});
