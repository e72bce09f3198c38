import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { bodyParserRefusal } from './body-parser-refusal';

/**
 * How much of a request body a service reads before it refuses it with 413, stated here
 * rather than left to Express's defaults so that the number is a decision, documented in
 * docs/security-posture.md and held by test/security/http-boundaries.integration-spec.ts.
 * The largest legitimate JSON body is a procedure draft, under 4 kB in the seed; 100 kB
 * leaves room for any form and keeps one request from making a service buffer megabytes.
 * No route takes a form, so url-encoded bodies get the same bound. The limit counts the
 * bytes after decompression: a small gzip body that inflates past it is refused too.
 * Files are not bodies in this sense: multipart uploads have their own limit
 * (MAX_UPLOAD_BYTES, DocumentUploadModule).
 */
export const REQUEST_BODY_LIMITS = {
  jsonBytes: 100 * 1024,
  urlencodedBytes: 100 * 1024,
  /** Fields of one url-encoded body; more is 413 as well. */
  urlencodedParameters: 1_000,
} as const;

/**
 * The body parsers every service mounts, in place of Nest's implicit ones (startService
 * creates the app with `bodyParser: false`): the same types, with our limits, and their
 * refusals already the platform's ApiErrors (413 PAYLOAD_TOO_LARGE, 400 MALFORMED_REQUEST,
 * 415 UNSUPPORTED_MEDIA_TYPE) by the time the exception filter shapes them.
 */
export function requestBodyParsers(): RequestHandler[] {
  return [
    express.json({ limit: REQUEST_BODY_LIMITS.jsonBytes }),
    // extended: true is what Nest mounted before; the validation pipe refuses prototype keys and depth.
    express.urlencoded({ extended: true, limit: REQUEST_BODY_LIMITS.urlencodedBytes, parameterLimit: REQUEST_BODY_LIMITS.urlencodedParameters }),
  ].map(refusingAsApiErrors);
}

function refusingAsApiErrors(parser: RequestHandler): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => parser(request, response, (error?: unknown) => next(error === undefined ? undefined : bodyParserRefusal(error)));
}
