import { VIETNAM_OFFSET_MS } from '@app/contracts';

/** 205000 → "205.000 đồng": Vietnamese writes thousands with a dot (TCVN, and every receipt). */
export function vndInFigures(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`An amount must be a whole, non-negative number of đồng, not ${amount}.`);
  return `${String(amount).replace(/\B(?=(\d{3})+$)/g, '.')} đồng`;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** The calendar day and clock in Vietnam (UTC+7 all year, no daylight saving) of an instant. */
export function vietnamTime(instant: Date): { day: string; month: string; year: string; clock: string } {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return {
    day: two(local.getUTCDate()),
    month: two(local.getUTCMonth() + 1),
    year: String(local.getUTCFullYear()),
    clock: `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`,
  };
}
