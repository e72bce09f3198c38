import { errorCodeOf } from './response-checks';
import type { RawResponse } from './raw-http';

/** A refusal as the matrix states it: the status and the stable code. */
export interface Refusal {
  readonly status: 401 | 403 | 404;
  readonly code: string;
}

/** `allowed`: the request got past authentication and authorisation (see ALLOWED_RULE). */
export type Outcome = 'allowed' | Refusal;

/**
 * Codes that say who may not do this, or that hide a resource from whoever may not know it
 * exists (a citizen asking for another's dossier gets 404, architecture §6). Seen on a
 * resource the seeding made, a not-found is a refusal, not a miss.
 */
export const AUTHORIZATION_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'SUBJECT_TOO_LONG',
  'ROLE_NOT_ALLOWED',
  'FORBIDDEN',
  'FOREIGN_AGENCY',
  'OUT_OF_SCOPE',
  'NOT_VERIFYING_AGENCY',
  'PREFILL_NOT_ALLOWED',
  'NOT_FOUND',
  'METRICS_DISABLED',
  'DOSSIER_NOT_FOUND',
  'DOCUMENT_NOT_FOUND',
  'ORDER_NOT_FOUND',
  'RESULT_NOT_FOUND',
  'MESSAGE_NOT_FOUND',
  'RECONCILIATION_NOT_FOUND',
  'AGENCY_CONTACT_NOT_FOUND',
  'HELD_TRANSFER_NOT_FOUND',
]);

/**
 * Codes that refuse the request itself. The matrix sends honest requests, so one of these on
 * an allowed cell means the matrix's request is wrong, and would hide whether the caller was
 * let through: class-validator runs before a handler's ownership check.
 */
export const INPUT_CODES: ReadonlySet<string> = new Set([
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'NUL_CHARACTER',
  'JSON_TOO_DEEP',
  'INVALID_ID',
  'INVALID_CURSOR',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'MALFORMED_UPLOAD',
  'FILE_REQUIRED',
  'IDEMPOTENCY_KEY_INVALID',
  'METHOD_NOT_ALLOWED',
]);

export const ALLOWED_RULE =
  'allowed = any 2xx or 3xx, or a 4xx whose code is about the resource or its state (409 ILLEGAL_TRANSITION, 422 PROCEDURE_INCOMPLETE, …): the caller got through authentication and authorisation and the handler decided on the merits';

/** What a response means for the matrix; `undefined` for a 5xx or an input refusal, which no cell may expect. */
export function outcomeOf(response: RawResponse): Outcome | { readonly unexpected: string } {
  if (response.status >= 200 && response.status < 400) return 'allowed';
  const code = errorCodeOf(response) ?? '(no code)';
  if (response.status >= 500 || response.status < 200) return { unexpected: `${response.status} ${code}` };
  if (INPUT_CODES.has(code)) return { unexpected: `${response.status} ${code} (the matrix's request is invalid)` };
  if (AUTHORIZATION_CODES.has(code) && (response.status === 401 || response.status === 403 || response.status === 404)) return { status: response.status, code };
  return 'allowed';
}

export function describeOutcome(outcome: Outcome | { readonly unexpected: string }): string {
  if (outcome === 'allowed') return 'allowed';
  if ('unexpected' in outcome) return outcome.unexpected;
  return `${outcome.status} ${outcome.code}`;
}
