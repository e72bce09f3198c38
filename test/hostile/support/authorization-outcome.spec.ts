import { describeOutcome, outcomeOf } from './authorization-outcome';
import type { RawResponse } from './raw-http';

function answer(status: number, code?: string): RawResponse {
  const text = code ? JSON.stringify({ error: { code, message: 'x' } }) : '{}';
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(text), text };
}

describe('outcomeOf', () => {
  it.each([
    ['allowed', answer(200)],
    ['allowed', answer(201)],
    ['allowed', answer(303)],
    // Past the guard and the ownership check, the handler decided on the dossier's state.
    ['allowed', answer(409, 'ILLEGAL_TRANSITION')],
    ['allowed', answer(422, 'PROCEDURE_INCOMPLETE')],
    ['allowed', answer(404, 'UNKNOWN_PROCEDURE')],
    ['401 UNAUTHENTICATED', answer(401, 'UNAUTHENTICATED')],
    ['403 ROLE_NOT_ALLOWED', answer(403, 'ROLE_NOT_ALLOWED')],
    ['403 FOREIGN_AGENCY', answer(403, 'FOREIGN_AGENCY')],
    // Hiding another citizen's dossier is a refusal, however it is worded.
    ['404 DOSSIER_NOT_FOUND', answer(404, 'DOSSIER_NOT_FOUND')],
    // The request itself was refused: it says nothing about who may call, so no cell may expect it.
    ["400 VALIDATION_FAILED (the matrix's request is invalid)", answer(400, 'VALIDATION_FAILED')],
    ["400 INVALID_ID (the matrix's request is invalid)", answer(400, 'INVALID_ID')],
    ['500 INTERNAL_ERROR', answer(500, 'INTERNAL_ERROR')],
    ['503 VAULT_UNAVAILABLE', answer(503, 'VAULT_UNAVAILABLE')],
  ])('reads as %s', (expected, response) => {
    expect(describeOutcome(outcomeOf(response))).toBe(expected);
  });
});
