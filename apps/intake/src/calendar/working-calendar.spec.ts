import { CalendarNotPublishedError, vietnamDate, WorkingCalendar, type YearOfDaysOff } from './working-calendar';

/** A reception at 10:00 in Vietnam on that date. */
function receivedOn(date: string): Date {
  return new Date(`${date}T03:00:00.000Z`);
}

describe(WorkingCalendar.name, () => {
  const calendar = WorkingCalendar.official();

  describe('addWorkingDays', () => {
    it.each([
      // Friday before Tết 2026: the nine days 14–22 February are off, so the count starts on Monday 23.
      { case: 'across Tết 2026', received: '2026-02-13', days: 5, appointment: '2026-02-27' },
      { case: 'one day across Tết 2026', received: '2026-02-13', days: 1, appointment: '2026-02-23' },
      // Tết 2027 begins on a Saturday: 4–8 February plus two days in lieu, back to work on Thursday 11.
      { case: 'across Tết 2027', received: '2027-02-03', days: 3, appointment: '2027-02-15' },
      { case: 'across a weekend', received: '2025-03-13', days: 3, appointment: '2025-03-18' },
      { case: 'from a Saturday reception, Monday is day one', received: '2025-03-15', days: 1, appointment: '2025-03-17' },
      { case: 'on a làm bù Saturday (26 April 2025 was worked)', received: '2025-04-25', days: 1, appointment: '2025-04-26' },
      { case: 'past the swapped Friday 2 May 2025', received: '2025-04-25', days: 2, appointment: '2025-04-28' },
      { case: 'on the Saturday worked for 2 January 2026', received: '2026-01-09', days: 1, appointment: '2026-01-10' },
      { case: 'over the days in lieu of Hùng Kings 2026 and 30/4–1/5', received: '2026-04-24', days: 3, appointment: '2026-05-04' },
      { case: 'over Quốc khánh 2026 and its swapped Monday', received: '2026-08-28', days: 1, appointment: '2026-09-03' },
      { case: 'from one year into the next, over the swapped Friday 2 January 2026', received: '2025-12-31', days: 2, appointment: '2026-01-06' },
      { case: 'zero days: the day of reception', received: '2026-02-13', days: 0, appointment: '2026-02-13' },
    ])('$case', ({ received, days, appointment }) => {
      expect(calendar.addWorkingDays(receivedOn(received), days)).toBe(appointment);
      expect(calendar.workingDaysBetween(received, appointment)).toBe(days);
    });

    it('reads the reception instant in Vietnam: 23:30 UTC on Thursday is already Friday there', () => {
      // Friday 13 February 2026 in Hanoi; counted from Thursday it would end on the 26th.
      expect(calendar.addWorkingDays(new Date('2026-02-12T23:30:00.000Z'), 5)).toBe('2026-02-27');
      expect(calendar.addWorkingDays(new Date('2026-02-12T16:59:59.999Z'), 5)).toBe('2026-02-26');
    });

    it('refuses to count past the last year on file rather than guess', () => {
      expect(calendar.lastDateOnFile()).toBe('2027-12-31');
      expect(calendar.addWorkingDays(receivedOn('2027-12-30'), 1)).toBe('2027-12-31');
      const refusal = catchError(() => calendar.addWorkingDays(receivedOn('2027-12-30'), 2));
      expect(refusal).toBeInstanceOf(CalendarNotPublishedError);
      expect((refusal as CalendarNotPublishedError).date).toBe('2028-01-01');
      expect((refusal as CalendarNotPublishedError).message).toMatch(/2028.*not on file.*2025–2027/);
    });

    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s working days', (days) => {
      expect(() => calendar.addWorkingDays(receivedOn('2026-03-02'), days)).toThrow(RangeError);
    });
  });

  describe('isWorkingDay', () => {
    it.each([
      { date: '2026-03-04', working: true, why: 'an ordinary Wednesday' },
      { date: '2026-03-07', working: false, why: 'a Saturday' },
      { date: '2026-03-08', working: false, why: 'a Sunday' },
      { date: '2026-02-16', working: false, why: 'Tết 2026' },
      { date: '2026-04-27', working: false, why: 'the Monday in lieu of Hùng Kings on Sunday 26 April 2026' },
      { date: '2026-04-28', working: true, why: 'the Tuesday after it' },
      { date: '2025-04-26', working: true, why: 'a Saturday worked in exchange (làm bù)' },
      { date: '2025-05-02', working: false, why: 'the Friday it bought off' },
      { date: '2026-08-22', working: true, why: 'the Saturday worked for Monday 31 August 2026' },
      { date: '2026-08-31', working: false, why: 'that Monday' },
      { date: '2027-02-10', working: false, why: 'the second day in lieu of Tết 2027' },
      { date: '2027-05-03', working: false, why: 'the Monday in lieu of 1 May 2027, a Saturday' },
    ])('$date is $why', ({ date, working }) => {
      expect(calendar.isWorkingDay(date)).toBe(working);
    });

    it.each(['2024-12-31', '2028-01-03'])('refuses %s, outside the years on file', (date) => {
      expect(() => calendar.isWorkingDay(date)).toThrow(CalendarNotPublishedError);
    });

    it.each(['2026-02-30', '2026-2-3', '03/02/2026', ''])('refuses %j, not a date', (date) => {
      expect(() => calendar.isWorkingDay(date)).toThrow(RangeError);
    });
  });

  describe('workingDaysBetween', () => {
    it('counts strictly after the first date, up to and including the last', () => {
      expect(calendar.workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
      expect(calendar.workingDaysBetween('2026-03-02', '2026-03-03')).toBe(1);
      expect(calendar.workingDaysBetween('2026-03-06', '2026-03-09')).toBe(1);
      // February 2026: 20 weekdays, 5 of them Tết.
      expect(calendar.workingDaysBetween('2026-01-31', '2026-02-28')).toBe(15);
    });

    it('is negative when the second date comes first, as for a dossier past its appointment', () => {
      expect(calendar.workingDaysBetween('2026-03-09', '2026-03-06')).toBe(-1);
    });

    it('counts a whole year of 2026 as its working days', () => {
      // 261 weekdays, less the 13 days off that fall on one (Hùng Kings' day was a Sunday), plus 2 Saturdays worked.
      expect(calendar.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(261 - 13 + 2);
    });
  });

  describe('built from other years (the constructor used by tests)', () => {
    const year2030: YearOfDaysOff = {
      year: 2030,
      source: 'test',
      daysOff: [{ date: '2030-01-01', nameVi: 'Tết Dương lịch', nameEn: "New Year's Day", kind: 'holiday' }],
      workingWeekendDays: [{ date: '2030-01-05', reason: 'làm bù' }],
    };

    it('answers only for its own years', () => {
      const own = new WorkingCalendar([year2030]);
      expect(own.isWorkingDay('2030-01-01')).toBe(false);
      expect(own.isWorkingDay('2030-01-05')).toBe(true);
      expect(own.lastDateOnFile()).toBe('2030-12-31');
      expect(() => own.isWorkingDay('2026-03-04')).toThrow(CalendarNotPublishedError);
    });

    it.each<{ why: string; years: YearOfDaysOff[]; error: RegExp }>([
      { why: 'no year', years: [], error: /at least one year/ },
      { why: 'a gap between years', years: [year2030, { ...year2030, year: 2032, daysOff: [], workingWeekendDays: [] }], error: /follow one another/ },
      { why: 'a date outside its year', years: [{ ...year2030, daysOff: [{ ...year2030.daysOff[0], date: '2031-01-01' }] }], error: /not in 2030/ },
      { why: 'a date listed twice', years: [{ ...year2030, daysOff: [year2030.daysOff[0], year2030.daysOff[0]] }], error: /twice/ },
      { why: 'a day in lieu on a Sunday', years: [{ ...year2030, daysOff: [{ ...year2030.daysOff[0], date: '2030-01-06', kind: 'compensatory' }] }], error: /weekend/ },
      { why: 'a working weekend day on a Monday', years: [{ ...year2030, workingWeekendDays: [{ date: '2030-01-07', reason: 'x' }] }], error: /not a Saturday or Sunday/ },
      { why: 'an unknown kind', years: [{ ...year2030, daysOff: [{ ...year2030.daysOff[0], kind: 'festival' as 'holiday' }] }], error: /kind "festival"/ },
    ])('refuses $why', ({ years, error }) => {
      expect(() => new WorkingCalendar(years)).toThrow(error);
    });
  });
});

describe(vietnamDate.name, () => {
  it('is the next calendar day from 17:00 UTC (UTC+7, no daylight saving)', () => {
    expect(vietnamDate(new Date('2026-02-12T23:30:00.000Z'))).toBe('2026-02-13');
    expect(vietnamDate(new Date('2026-06-30T16:59:59.999Z'))).toBe('2026-06-30');
    expect(vietnamDate(new Date('2026-06-30T17:00:00.000Z'))).toBe('2026-07-01');
    expect(vietnamDate(new Date('2026-12-31T17:00:00.000Z'))).toBe('2027-01-01');
  });

  it('refuses an invalid instant', () => {
    expect(() => vietnamDate(new Date('not a date'))).toThrow(RangeError);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
