import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isTraceparent, newTraceparent } from '@app/contracts';
import { TraceContext } from '@app/messaging';

/**
 * Runs each request in its trace (the caller's `traceparent`, or a new one), so the events it
 * causes carry it, and logs one line per request: without the query string (it may carry
 * identifiers) and without probes.
 */
@Injectable()
export class RequestLoggerMiddleware implements NestMiddleware {
  private readonly logger = new Logger('http');

  use(request: Request, response: Response, next: NextFunction): void {
    const incoming = request.header('traceparent');
    const traceparent = isTraceparent(incoming) ? incoming : newTraceparent();
    TraceContext.run(traceparent, () => {
      if (request.path.startsWith('/health')) return next();
      const started = process.hrtime.bigint();
      response.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        this.logger.log({ method: request.method, path: request.path, status: response.statusCode, ms: Math.round(ms * 10) / 10, traceparent });
      });
      next();
    });
  }
}
