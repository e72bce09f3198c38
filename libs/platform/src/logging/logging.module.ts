import type { DynamicModule } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';

/**
 * Paths that may carry personal data or secrets. Logs travel to shared systems, so a
 * citizen's identification number or a bearer token must never reach them verbatim.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'authorization',
  '*.authorization',
  'password',
  '*.password',
  'token',
  '*.token',
  'personalId',
  '*.personalId',
  'citizenId',
  '*.citizenId',
];

/** Probes and scrapes arrive every few seconds and say nothing. */
const QUIET_PATHS = ['/health', '/metrics'];

/**
 * One JSON line per entry (pino, through nestjs-pino): the service and version on every
 * line, the OpenTelemetry trace and span ids so a line leads to its trace, and one line per
 * request without the query string (it may carry identifiers).
 */
export function loggingModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service, version: process.env.npm_package_version ?? 'dev' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      mixin: () => {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
      },
      autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.some((path) => request.url?.startsWith(path) ?? false) },
      // A refused request is the client's business (info); a 5xx is ours (error).
      customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
      serializers: {
        req: (request: { method: string; url: string }) => ({ method: request.method, path: request.url.split('?')[0] }),
        res: (response: { statusCode: number }) => ({ status: response.statusCode }),
      },
    },
  });
}
