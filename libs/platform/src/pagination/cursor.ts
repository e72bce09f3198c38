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

export const isTimestampKey = (part: unknown) => typeof part === 'string' && part.length <= 64 && !Number.isNaN(Date.parse(part));
export const isUuidKey = (part: unknown) => typeof part === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(part);
export const isCodeKey = (part: unknown) => typeof part === 'string' && part.length > 0 && part.length <= 64 && !part.includes('\u0000');
export const isBigintKey = (part: unknown) => typeof part === 'string' && /^\d{1,19}$/.test(part);

function invalidCursor(): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.InvalidCursor, 'The cursor is not one this list gave out; start again without it.');
}
