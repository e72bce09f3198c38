import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PlatformErrorCode } from './platform-error-code';

const errorBody = (codes: readonly string[]) => ({
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...new Set(codes)].sort() },
        message: { type: 'string', description: 'One sentence for a person; the code is what a program should act on.' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
});

/**
 * Documents a controller's error body, `{ error: { code, message } }`, with every code it
 * may answer: the platform's and those of the module's own enum(s). Each enum stays the
 * one place its codes are declared; this only lists them.
 */
export function ApiErrorCodes(options: { codes: readonly object[]; unavailable?: readonly string[] }): ClassDecorator & MethodDecorator {
  const moduleCodes = options.codes.flatMap((codes) => Object.values(codes).filter((value): value is string => typeof value === 'string'));
  const platformCodes = Object.values(PlatformErrorCode).filter((code) => code !== PlatformErrorCode.InternalError);
  return applyDecorators(
    ApiResponse({ status: '4XX', description: 'Refused: the code says why.', schema: errorBody([...platformCodes, ...moduleCodes]) }),
    ApiResponse({
      status: '5XX',
      description: 'A dependency is down (retry later), or a bug (INTERNAL_ERROR, logged).',
      schema: errorBody([PlatformErrorCode.InternalError, ...(options.unavailable ?? [])]),
    }),
  );
}
