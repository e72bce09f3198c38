/** Vietnam has kept UTC+7 without daylight saving since 1975 (Asia/Ho_Chi_Minh). */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What a `validUntil` means, in every service alike: a bare date ("valid until 15 July
 * 2026") covers that whole day in Vietnam, so it ends at the next midnight there; a full
 * timestamp is taken as it is. The intake (refusing a validity already past) and the vault
 * (storing it) must agree, or a document would be valid at one and expired at the other.
 */
export function endOfValidity(value: string): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  return new Date(Date.parse(`${value}T00:00:00.000Z`) + 24 * 60 * 60 * 1000 - VIETNAM_OFFSET_MS);
}
