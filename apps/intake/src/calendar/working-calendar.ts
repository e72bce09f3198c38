import { dateOfDayNumber, dayNumber, isWeekend, vietnamDate, yearOfDayNumber } from './calendar-date';
import days2025 from './days-off/2025.json';
import days2026 from './days-off/2026.json';
import days2027 from './days-off/2027.json';
import { checkYearOfDaysOff, type YearOfDaysOff } from './year-of-days-off';

export { vietnamDate } from './calendar-date';
export type { DayOff, DayOffKind, WorkingWeekendDay, YearOfDaysOff } from './year-of-days-off';

/** A new year's file is added here once the government has announced it. */
const OFFICIAL_YEARS = [days2025, days2026, days2027];

/** A date the calendar cannot answer for: its year's days off are not on file, and guessing would promise a wrong date. */
export class CalendarNotPublishedError extends Error {
  constructor(
    readonly date: string,
    firstYear: number,
    lastYear: number,
  ) {
    super(`The official days off for ${date.slice(0, 4)} are not on file (known: ${firstYear}–${lastYear}), so ${date} cannot be counted as a working day or not.`);
    this.name = CalendarNotPublishedError.name;
  }
}

/**
 * Working days of the public service in Vietnam: Monday to Friday, less the holidays, their
 * days in lieu and the days moved for public servants, plus the Saturdays worked in exchange.
 * Decree 61/2018 counts a dossier's time from the working day after the complete dossier is
 * received, so that day is the first of the count and the appointment is the last.
 */
export class WorkingCalendar {
  private static officialCalendar: WorkingCalendar | undefined;

  private readonly daysOff: ReadonlySet<string>;
  private readonly workingWeekendDays: ReadonlySet<string>;
  private readonly firstYear: number;
  private readonly lastYear: number;

  /** The shipped files, checked once. */
  static official(): WorkingCalendar {
    WorkingCalendar.officialCalendar ??= new WorkingCalendar(OFFICIAL_YEARS.map(checkYearOfDaysOff));
    return WorkingCalendar.officialCalendar;
  }

  constructor(years: readonly YearOfDaysOff[]) {
    const numbers = years.map((year) => checkYearOfDaysOff(year).year).sort((a, b) => a - b);
    if (numbers.length === 0) throw new Error('A working calendar needs at least one year of days off');
    numbers.forEach((year, index) => {
      // A gap would let a count run through a year nobody filled in.
      if (index > 0 && year !== numbers[index - 1] + 1) throw new Error(`The years of days off must follow one another: ${numbers[index - 1]} then ${year}`);
    });
    this.firstYear = numbers[0];
    this.lastYear = numbers[numbers.length - 1];
    this.daysOff = new Set(years.flatMap((year) => year.daysOff.map((day) => day.date)));
    this.workingWeekendDays = new Set(years.flatMap((year) => year.workingWeekendDays.map((day) => day.date)));
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /** The appointment: `days` whole working days counted from the first working day after `from` (a reception instant, read in Vietnam, UTC+7). */
  addWorkingDays(from: Date, days: number): string {
    if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`A number of working days is a whole number ≥ 0, not ${days}`);
    let day = dayNumber(vietnamDate(from));
    for (let left = days; left > 0; ) {
      day += 1;
      if (this.isWorkingDayNumber(day)) left -= 1;
    }
    return dateOfDayNumber(day);
  }

  /** Working days strictly after `from` up to and including `to` (both 'YYYY-MM-DD'); negative when `to` is before `from`, so a late dossier shows how late. */
  workingDaysBetween(from: string, to: string): number {
    const start = dayNumber(from);
    const end = dayNumber(to);
    if (end < start) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let day = start + 1; day <= end; day += 1) if (this.isWorkingDayNumber(day)) count += 1;
    return count;
  }

  lastDateOnFile(): string {
    return `${this.lastYear}-12-31`;
  }

  private isWorkingDayNumber(day: number): boolean {
    const date = dateOfDayNumber(day);
    const year = yearOfDayNumber(day);
    if (year < this.firstYear || year > this.lastYear) throw new CalendarNotPublishedError(date, this.firstYear, this.lastYear);
    if (this.workingWeekendDays.has(date)) return true;
    return !isWeekend(day) && !this.daysOff.has(date);
  }
}
