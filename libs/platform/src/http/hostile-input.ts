import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';

/** Deeper than any request body of this platform needs; class-transformer recurses once per level. */
export const MAX_JSON_DEPTH = 32;

/**
 * An unpaired UTF-16 surrogate: JSON may carry one (`"\ud800"`), UTF-8 cannot encode it (the
 * driver would store U+FFFD instead), and validators that encode their input throw on it
 * (class-validator's IsEmail answered a 500).
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Keys that would reach an object's prototype in a careless merge; no DTO declares them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses what PostgreSQL or the validation layer would otherwise turn into a 500: a NUL
 * character (PostgreSQL text cannot hold one), text that is not Unicode (an unpaired
 * surrogate), nesting deeper than MAX_JSON_DEPTH (the validator recurses per level), and
 * prototype keys (refused as unknown properties, as `forbidNonWhitelisted` would, before
 * class-transformer can drop them silently).
 * Iterative, so a 5,000-deep body cannot overflow the stack here either.
 */
export function assertSafeInput(value: unknown, where: string): void {
  const pending: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (pending.length > 0) {
    const { value: current, depth, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) throw nulCharacter(where, path);
      if (UNPAIRED_SURROGATE.test(current)) throw invalidUnicode(where, path);
      continue;
    }
    if (typeof current !== 'object' || current === null || Buffer.isBuffer(current)) continue;
    if (depth >= MAX_JSON_DEPTH) throw jsonTooDeep(where);
    for (const key of Object.keys(current)) {
      if (key.includes('\u0000')) throw nulCharacter(where, path);
      if (UNPAIRED_SURROGATE.test(key)) throw invalidUnicode(where, path);
      if (PROTOTYPE_KEYS.has(key)) throw unknownProperty(path ? `${path}.${key}` : key);
      pending.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1, path: path ? `${path}.${key}` : key });
    }
  }
}

export function nulCharacter(where: string, path = ''): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.NulCharacter, `The ${where}${path ? ` (${path})` : ''} contains a NUL character, which no field accepts.`);
}

function invalidUnicode(where: string, path: string): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.InvalidUnicode, `The ${where}${path ? ` (${path})` : ''} contains text that is not valid Unicode (an unpaired surrogate).`);
}

function jsonTooDeep(where: string): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.JsonTooDeep, `The ${where} is nested more than ${MAX_JSON_DEPTH} levels deep.`);
}

function unknownProperty(path: string): ApiError {
  const problem = `property ${path} should not exist`;
  return new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.ValidationFailed, `The request is invalid: ${problem}.`, { problems: [problem] });
}
