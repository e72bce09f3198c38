import { HttpStatus, type ArgumentsHost } from '@nestjs/common';
import express, { type Response } from 'express';
import request from 'supertest';
import { ApiError } from './api-error';
import { ApiExceptionFilter } from './api-exception.filter';
import { PlatformErrorCode } from './platform-error-code';

function httpHost(response: Response): ArgumentsHost {
  return { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
}

describe(ApiExceptionFilter.name, () => {
  const app = express();
  // What @Header('content-type'…) and @Header('content-disposition'…) do: Nest sets them before the route's pipes and handler run.
  app.get('/reconciliations/:id.csv', (_request, response) => {
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', 'attachment; filename="reconciliation.csv"');
    new ApiExceptionFilter().catch(new ApiError(HttpStatus.NOT_FOUND, PlatformErrorCode.NotFound, 'No such reconciliation.'), httpHost(response));
  });
  app.get('/verify/:code', (_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    new ApiExceptionFilter().catch(new Error('a bug'), httpHost(response));
  });

  it('answers a refusal as JSON, not as the file the route would have served', async () => {
    const answer = await request(app).get('/reconciliations/0d7f.csv');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['content-disposition']).toBeUndefined();
    expect(answer.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No such reconciliation.' } });
  });

  it('answers a bug on an HTML route as the JSON 500 without its detail', async () => {
    const answer = await request(app).get('/verify/AAAA-BBBB-CCCC');
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; it has been logged.' } });
  });
});
