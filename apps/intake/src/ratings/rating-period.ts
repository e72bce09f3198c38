import { HttpStatus } from '@nestjs/common';
import { VIETNAM_OFFSET_MS } from '@app/contracts';
import { ApiError } from '@app/platform';
import { RatingErrorCode } from './rating-error-code';

/** Three years: enough to compare the same month across years, small enough to answer from one query. */
export const MAX_PERIOD_MONTHS = 36;
/** Without `from`, a year ending with `to`. */
const DEFAULT_PERIOD_MONTHS = 12;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A range of whole calendar months in Vietnam, both ends included, and the instants that bound it. */
export interface MonthRange {
  readonly from: string;
  readonly to: string;
  readonly startsAt: Date;
  /** Exclusive: the first instant of the month after `to`, in Vietnam. */
  readonly endsBefore: Date;
}

/**
 * The months asked for: `to` defaults to the current month in Vietnam, `from` to the eleven
 * months before `to`. A month is 'YYYY-MM'; a rating counts in the month of its instant in Vietnam.
 */
export function monthRange(from: string | undefined, to: string | undefined, now: Date): MonthRange {
  const end = to === undefined ? monthIndexAt(now) : monthIndex(to, 'to');
  const start = from === undefined ? end - (DEFAULT_PERIOD_MONTHS - 1) : monthIndex(from, 'from');
  if (start > end) throw new ApiError(HttpStatus.BAD_REQUEST, RatingErrorCode.PeriodReversed, `from (${monthName(start)}) is after to (${monthName(end)}).`);
  if (end - start + 1 > MAX_PERIOD_MONTHS) {
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      RatingErrorCode.PeriodTooLong,
      `${monthName(start)} to ${monthName(end)} is ${end - start + 1} months; ask for at most ${MAX_PERIOD_MONTHS} at a time.`,
    );
  }
  return { from: monthName(start), to: monthName(end), startsAt: monthStart(start), endsBefore: monthStart(end + 1) };
}

/** Months since January of year 0, so that ranges are plain integer arithmetic. */
function monthIndex(value: string, name: string): number {
  const match = MONTH.exec(value);
  const year = match ? Number(match[1]) : 0;
  if (!match || year < 1970) throw new ApiError(HttpStatus.BAD_REQUEST, RatingErrorCode.InvalidPeriod, `${name} must be a month as YYYY-MM (e.g. 2026-03), not ${JSON.stringify(value)}.`);
  return year * 12 + Number(match[2]) - 1;
}

function monthIndexAt(instant: Date): number {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return local.getUTCFullYear() * 12 + local.getUTCMonth();
}

function monthName(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthStart(index: number): Date {
  return new Date(Date.UTC(Math.floor(index / 12), index % 12, 1) - VIETNAM_OFFSET_MS);
}
