import { operationsOf, routeKey } from './openapi-operations';

const error = (codes: string[]) => ({ content: { 'application/json': { schema: { properties: { error: { properties: { code: { enum: codes } } } } } } } });

describe('operationsOf', () => {
  const [operation] = operationsOf({
    paths: {
      '/dossiers/{id}/rating': {
        post: {
          operationId: 'RatingsController_rate',
          parameters: [
            { name: 'authorization', in: 'header', required: true, schema: { type: 'string' } },
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } },
          ],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateRatingDto' } } } },
          responses: { '201': {}, '4XX': error(['DOSSIER_NOT_FOUND', 'ALREADY_RATED']), '5XX': error(['INTERNAL_ERROR']) },
        },
      },
    },
    components: {
      schemas: {
        CreateRatingDto: { type: 'object', required: ['satisfaction'], properties: { satisfaction: { type: 'string', enum: ['satisfied'] }, criteria: { $ref: '#/components/schemas/RatingCriteriaDto' } } },
        RatingCriteriaDto: { type: 'object', properties: { access: { type: 'string' } } },
      },
    },
  });

  it('resolves the body schema through its references', () => {
    expect(routeKey(operation)).toBe('POST /dossiers/{id}/rating');
    expect(operation.body).toEqual({
      contentType: 'application/json',
      schema: { type: 'object', required: ['satisfaction'], properties: { satisfaction: { type: 'string', enum: ['satisfied'] }, criteria: { type: 'object', properties: { access: { type: 'string' } } } } },
    });
  });

  it('leaves out the caller’s own authorization header, and keeps the other parameters', () => {
    expect(operation.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual(['path:id', 'header:Idempotency-Key']);
  });

  it('collects every documented error code', () => {
    expect([...operation.errorCodes].sort()).toEqual(['ALREADY_RATED', 'DOSSIER_NOT_FOUND', 'INTERNAL_ERROR']);
  });
});
