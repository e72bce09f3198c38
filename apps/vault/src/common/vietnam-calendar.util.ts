/**
 * Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset turns an
 * instant into the calendar date a Vietnamese certificate is dated by, and back.
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

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

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A validity end given as a bare date ("valid until 15 July 2026") covers that whole day in
 * Vietnam, so it ends at the next midnight there; a full timestamp is taken as it is.
 */
export function endOfValidity(value: string): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  return new Date(Date.parse(`${value}T00:00:00.000Z`) + 24 * 60 * 60 * 1000 - VIETNAM_OFFSET_MS);
}
