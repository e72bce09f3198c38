import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/**
 * Names the request's server span after its route template (`POST /dossiers/:id/submit`):
 * the HTTP instrumentation sees only the method, and the concrete path would carry ids.
 * Routing is done by the time an interceptor runs, so the template is known here.
 */
@Injectable()
export class RouteSpanInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Request>();
      const template = (request.route as { path?: unknown } | undefined)?.path;
      const span = trace.getActiveSpan();
      if (span && typeof template === 'string') {
        const route = `${request.baseUrl}${template}`;
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
    }
    return next.handle();
  }
}
