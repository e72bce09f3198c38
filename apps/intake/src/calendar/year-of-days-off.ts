import { dayNumber, isWeekend, yearOfDayNumber } from './calendar-date';

export const DAY_OFF_KINDS = ['holiday', 'lunar-holiday', 'compensatory', 'swapped'] as const;

/**
 * holiday: a solar-date holiday of Labour Code art. 112 (1/1, 30/4, 1/5, 2/9 and its adjacent day);
 * lunar-holiday: Tết and the Hùng Kings' day; compensatory: nghỉ bù, the next working day when a
 * holiday falls on a weekend (art. 111(3)); swapped: a working day the government moved for public
 * servants (hoán đổi), worked instead on a Saturday listed in workingWeekendDays.
 */
export type DayOffKind = (typeof DAY_OFF_KINDS)[number];

export interface DayOff {
  readonly date: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly kind: DayOffKind;
}

export interface WorkingWeekendDay {
  readonly date: string;
  readonly reason: string;
}

/** One year of the official calendar, as the files in days-off/ hold it. */
export interface YearOfDaysOff {
  readonly year: number;
  /** The notice the days come from, or 'expected: …' when the year is not announced yet. */
  readonly source: string;
  /** Holidays are listed even on a weekend, so the file reads like the law; their nghỉ bù is listed apart. */
  readonly daysOff: readonly DayOff[];
  readonly workingWeekendDays: readonly WorkingWeekendDay[];
}

/** The shape a JSON import gives a days-off file: the kinds are plain strings until checked. */
export interface DaysOffFile {
  readonly year: number;
  readonly source: string;
  readonly daysOff: readonly { readonly date: string; readonly nameVi: string; readonly nameEn: string; readonly kind: string }[];
  readonly workingWeekendDays: readonly WorkingWeekendDay[];
}

/** A file is data someone edits by hand: a mistake in it fails the calendar's construction (and its unit tests), not an appointment. */
export function checkYearOfDaysOff(file: DaysOffFile): YearOfDaysOff {
  const where = `days off ${file.year}`;
  if (!Number.isSafeInteger(file.year)) throw new Error(`${where}: year must be an integer`);
  if (!file.source.trim()) throw new Error(`${where}: source is empty`);
  const seen = new Set<string>();
  const daysOff = file.daysOff.map((day): DayOff => {
    const number = inYear(file.year, day.date, where);
    if (seen.has(day.date)) throw new Error(`${where}: ${day.date} is listed twice`);
    seen.add(day.date);
    if (!day.nameVi.trim() || !day.nameEn.trim()) throw new Error(`${where}: ${day.date} needs nameVi and nameEn`);
    const kind = DAY_OFF_KINDS.find((known) => known === day.kind);
    if (!kind) throw new Error(`${where}: ${day.date} has kind ${JSON.stringify(day.kind)}, not one of ${DAY_OFF_KINDS.join(', ')}`);
    // A day in lieu or a moved day on a weekend would change nothing: it is a typo in the file.
    if ((kind === 'compensatory' || kind === 'swapped') && isWeekend(number)) throw new Error(`${where}: ${kind} day ${day.date} falls on a weekend`);
    return { date: day.date, nameVi: day.nameVi, nameEn: day.nameEn, kind };
  });
  const workingWeekendDays = file.workingWeekendDays.map((day): WorkingWeekendDay => {
    const number = inYear(file.year, day.date, where);
    if (!isWeekend(number)) throw new Error(`${where}: working weekend day ${day.date} is not a Saturday or Sunday`);
    if (seen.has(day.date)) throw new Error(`${where}: ${day.date} is both a day off and a working day`);
    seen.add(day.date);
    if (!day.reason.trim()) throw new Error(`${where}: working weekend day ${day.date} needs a reason`);
    return { date: day.date, reason: day.reason };
  });
  return { year: file.year, source: file.source, daysOff, workingWeekendDays };
}

function inYear(year: number, date: string, where: string): number {
  const number = dayNumber(date);
  if (yearOfDayNumber(number) !== year) throw new Error(`${where}: ${date} is not in ${year}`);
  return number;
}
