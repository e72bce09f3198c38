import { VIETNAM_OFFSET_MS } from '@app/contracts';

// Vietnam keeps a fixed UTC+7, so that offset turns an instant into the calendar date a
// Vietnamese certificate is dated by, and back. endOfValidity lives in @app/contracts, since
// the intake must read a validUntil exactly as the vault does.

/**
 * The same time of day, `months` calendar months later in Vietnam, clamped to the end of a
 * shorter month (31 August + 6 months is 28 or 29 February), as validity periods are counted.
 */
export function addCalendarMonths(instant: Date, months: number): Date {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const shifted = Date.UTC(
    year,
    month,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - VIETNAM_OFFSET_MS);
}
