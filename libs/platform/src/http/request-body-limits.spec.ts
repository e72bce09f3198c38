import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '../errors/api-error';
import { bodyParserRefusal } from './body-parser-refusal';
import { REQUEST_BODY_LIMITS, requestBodyParsers } from './request-body-limits';

/** The parsers alone on a bare Express app, answering what reached the handler or what was refused. */
function app() {
  const server = express();
  for (const parser of requestBodyParsers()) server.use(parser);
  server.post('/', (req: Request, res: Response) => res.json({ parsed: Object.keys((req.body as object | undefined) ?? {}).length }));
  server.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ApiError) res.status(error.status).json({ code: error.code, details: error.details ?? null });
    else res.status(599).json({ notAnApiError: String(error) });
  });
  return server;
}

let server: Server;
let url: string;
beforeAll(async () => {
  server = await new Promise<Server>((listening) => {
    const started = app().listen(0, '127.0.0.1', () => listening(started));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

/** POSTs raw bytes, as a client would send them (supertest re-encodes a Buffer it is given). */
async function post(body: string | Buffer, headers: Record<string, string>): Promise<{ status: number; body: { code?: string; parsed?: number; details?: unknown } }> {
  const response = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as { code?: string } };
}
const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** A JSON object whose text is exactly `bytes` long. */
const jsonOf = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`;

describe(requestBodyParsers.name, () => {
  it('states its limits: 100 kB of JSON, 100 kB and 1,000 fields of a form', () => {
    expect(REQUEST_BODY_LIMITS).toEqual({ jsonBytes: 102_400, urlencodedBytes: 102_400, urlencodedParameters: 1_000 });
  });

  it('reads a JSON body of exactly the limit, and refuses one byte more with 413 PAYLOAD_TOO_LARGE', async () => {
    expect(jsonOf(REQUEST_BODY_LIMITS.jsonBytes)).toHaveLength(REQUEST_BODY_LIMITS.jsonBytes);
    const atLimit = await post(jsonOf(REQUEST_BODY_LIMITS.jsonBytes), json);
    expect([atLimit.status, atLimit.body]).toEqual([200, { parsed: 1 }]);
    const over = await post(jsonOf(REQUEST_BODY_LIMITS.jsonBytes + 1), json);
    expect([over.status, over.body]).toEqual([413, { code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: REQUEST_BODY_LIMITS.jsonBytes } }]);
  });

  it('counts the bytes after decompression: 1 kB of gzip that inflates to 1 MB is 413', async () => {
    const bomb = gzipSync(Buffer.from(jsonOf(1024 * 1024)));
    expect(bomb.length).toBeLessThan(2_048);
    const response = await post(bomb, { ...json, 'content-encoding': 'gzip' });
    expect([response.status, response.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const small = await post(gzipSync(Buffer.from(jsonOf(1024))), { ...json, 'content-encoding': 'gzip' });
    expect([small.status, small.body]).toEqual([200, { parsed: 1 }]);
  });

  it('refuses an oversized form, and one with too many fields, with 413', async () => {
    const big = await post(`a=${'x'.repeat(REQUEST_BODY_LIMITS.urlencodedBytes)}`, form);
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const fields = (count: number) => Array.from({ length: count }, (_, index) => `f${index}=1`).join('&');
    expect(await post(fields(REQUEST_BODY_LIMITS.urlencodedParameters), form)).toEqual({ status: 200, body: { parsed: REQUEST_BODY_LIMITS.urlencodedParameters } });
    const many = await post(fields(REQUEST_BODY_LIMITS.urlencodedParameters + 1), form);
    expect([many.status, many.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('answers malformed JSON with 400 MALFORMED_REQUEST and an unknown charset or encoding with 415', async () => {
    const malformed = await post('{"a":', json);
    expect([malformed.status, malformed.body.code]).toEqual([400, 'MALFORMED_REQUEST']);
    const charset = await post('{}', { 'content-type': 'application/json; charset=iso-8859-1' });
    expect([charset.status, charset.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const encoding = await post('{}', { ...json, 'content-encoding': 'compress' });
    expect([encoding.status, encoding.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });
});

describe(bodyParserRefusal.name, () => {
  it('passes on what no body parser raised, server faults included, for the filter to log as a 500', () => {
    const bug = new Error('boom');
    expect(bodyParserRefusal(bug)).toBe(bug);
    const fault = Object.assign(new Error('stream is not readable'), { status: 500, type: 'stream.not.readable' });
    expect(bodyParserRefusal(fault)).toBe(fault);
    const inherited = Object.assign(new Error('x'), { type: 'toString' });
    expect(bodyParserRefusal(inherited)).toBe(inherited);
  });
});
