import { errorShapeProblem, responseProblems } from './response-checks';
import type { RawResponse } from './raw-http';

function answer(status: number, body: unknown, contentType = 'application/json; charset=utf-8'): RawResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: { 'content-type': contentType }, body: Buffer.from(text), text };
}

const refusal = (code: string, message = 'Refused.') => answer(404, { error: { code, message } });

describe('responseProblems', () => {
  it.each([
    ['a 500', answer(500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; it has been logged.' } }), 'answered 500'],
    ['a stack frame', refusal('NOT_FOUND', 'Error: boom\n    at DossierService.get (/work/main/apps/intake/src/dossiers/dossier.service.ts:42:11)'), 'shows a stack trace'],
    ['an async frame', refusal('NOT_FOUND', 'failed at async Promise.all (index 0) at async handler (node:internal/process/task_queues:95:5)'), 'shows a stack trace'],
    ['a source path', refusal('NOT_FOUND', 'see dist/apps/vault/src/main.js'), 'names a source file'],
    ['a query', refusal('NOT_FOUND', 'SELECT "d"."id" FROM "dossier" "d" WHERE "d"."id" = $1'), 'shows SQL'],
    ['a relation', refusal('NOT_FOUND', 'relation "dossier_rating" does not exist'), 'shows SQL'],
    ['a constraint', refusal('CONFLICT', 'new row for relation "payment_order" violates check constraint "amount_positive"'), 'shows SQL'],
    ['a driver error', refusal('NOT_FOUND', 'QueryFailedError: invalid input syntax for type uuid: "x"'), 'shows SQL'],
  ])('catches %s', (_, response, problem) => {
    expect(responseProblems({ response, forbidden: [], sent: '' }).join('; ')).toContain(problem);
  });

  it('catches another citizen’s id, unless the caller sent it', () => {
    const response = answer(200, { items: [{ dossierId: '8c1f5a52-0d7f-4f0e-9d4f-3f0b9f6c1a11' }] });
    expect(responseProblems({ response, forbidden: ['8c1f5a52-0d7f-4f0e-9d4f-3f0b9f6c1a11'], sent: '' })).toEqual(['leaks 8c1f5a52-0d7f-4f0e-9d4f-3f0b9f6c1a11']);
    expect(responseProblems({ response, forbidden: ['8c1f5a52-0d7f-4f0e-9d4f-3f0b9f6c1a11'], sent: '/dossiers/8c1f5a52-0d7f-4f0e-9d4f-3f0b9f6c1a11' })).toEqual([]);
  });

  it('passes an honest refusal and an honest page', () => {
    expect(responseProblems({ response: refusal('DOSSIER_NOT_FOUND', 'No such dossier.'), forbidden: ['012345678901'], sent: '' })).toEqual([]);
    expect(responseProblems({ response: answer(200, { items: [], nextCursor: null }), forbidden: ['012345678901'], sent: '' })).toEqual([]);
    // Vietnamese prose that happens to contain the words is not SQL.
    expect(responseProblems({ response: answer(200, { nameVi: 'Chọn (select) hồ sơ từ (from) danh sách' }), forbidden: [], sent: '' })).toEqual([]);
  });
});

describe('errorShapeProblem', () => {
  it.each([
    ['HTML', answer(404, '<h1>Not found</h1>', 'text/html'), 'not JSON'],
    ['JSON labelled CSV', answer(404, { error: { code: 'NOT_FOUND', message: 'x' } }, 'text/csv; charset=utf-8'), 'not JSON'],
    ['Nest’s own shape', answer(400, { statusCode: 400, message: 'Bad Request' }), 'not { error: … }'],
    ['a code that is a sentence', answer(400, { error: { code: 'bad request', message: 'x' } }), 'no stable code'],
    ['no message', answer(400, { error: { code: 'BAD_REQUEST', message: '' } }), 'no message'],
    ['a stack beside the code', answer(500, { error: { code: 'INTERNAL_ERROR', message: 'x', stack: 'at …' } }), 'carries stack'],
    ['a second top-level key', answer(400, { error: { code: 'BAD_REQUEST', message: 'x' }, path: '/x' }), 'not { error: … }'],
  ])('refuses %s', (_, response, problem) => {
    expect(errorShapeProblem(response)).toContain(problem);
  });

  it('accepts the platform shape, details included', () => {
    expect(errorShapeProblem(answer(400, { error: { code: 'VALIDATION_FAILED', message: 'The request is invalid.', details: { problems: ['x'] } } }))).toBeUndefined();
  });
});
