import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';
import type { Page } from './page-query.dto';

/**
 * A cursor is the sort key of the last item served, base64url-encoded JSON: opaque to
 * clients, so the key can change without breaking them, and never an offset (a page
 * boundary does not shift when rows are added ahead of it).
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key's parts, each checked by `shape` (e.g. `[isTimestamp, isUuid]`); anything else is INVALID_CURSOR. */
export function decodeCursor(cursor: string, shape: readonly ((part: unknown) => boolean)[]): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(key) || key.length !== shape.length || !shape.every((check, index) => check(key[index]))) throw invalidCursor();
  return key as (string | number)[];
}

/** Rows fetched with `limit + 1`: the extra one only says whether there is a next page. */
export function toPage<Row, Item>(rows: readonly Row[], limit: number, keyOf: (row: Row) => readonly (string | number)[], view: (row: Row) => Item): Page<Item> {
  const served = rows.slice(0, limit);
  return { items: served.map(view), nextCursor: rows.length > limit ? encodeCursor(keyOf(served[served.length - 1])) : null };
}

/**
 * What the lists put in a cursor: an ISO timestamp (`toISOString`) or PostgreSQL's own text of
 * one (`2026-12-03 10:57:16.391234+00`), with a four-digit year and a real calendar day.
 * Date.parse alone also takes `-145886-04-16T…` and `2026-02-31`, which PostgreSQL refuses
 * in the keyset query: a forged cursor was a 500.
 */
const TIMESTAMP_KEY = /^(\d{4})-(\d{2})-(\d{2})[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?$/;

export const isTimestampKey = (part: unknown) => {
  if (typeof part !== 'string' || part.length > 64) return false;
  const match = TIMESTAMP_KEY.exec(part);
  if (!match || Number.isNaN(Date.parse(part))) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  return calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
};
export const isUuidKey = (part: unknown) => typeof part === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(part);
export const isCodeKey = (part: unknown) => typeof part === 'string' && part.length > 0 && part.length <= 64 && !part.includes('\u0000');
/** A PostgreSQL bigint: 19 digits may still be past its maximum, which the query would refuse. */
export const isBigintKey = (part: unknown) => typeof part === 'string' && /^\d{1,19}$/.test(part) && BigInt(part) <= 9_223_372_036_854_775_807n;

function invalidCursor(): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.InvalidCursor, 'The cursor is not one this list gave out; start again without it.');
}
