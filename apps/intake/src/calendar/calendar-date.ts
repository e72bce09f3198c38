import { VIETNAM_OFFSET_MS } from '@app/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date in Vietnam (UTC+7 all year: no daylight saving) of an instant, as 'YYYY-MM-DD'. */
export function vietnamDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('vietnamDate needs a valid instant');
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a real 'YYYY-MM-DD' date; 2026-02-30 or 2026-2-3 are refused, not rolled over. */
export function dayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const time = Date.UTC(year, month - 1, day);
    const check = new Date(time);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return time / DAY_MS;
  }
  throw new RangeError(`${JSON.stringify(date)} is not a calendar date (YYYY-MM-DD)`);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Saturday or Sunday: the weekly days off of the public service (its 40-hour week, Decision 188/1999/QĐ-TTg). */
export function isWeekend(day: number): boolean {
  // Day 0 (1970-01-01) was a Thursday; 0 is Sunday.
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

export function yearOfDayNumber(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}
