import { HttpStatus, Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, from, map, mergeMap, of, throwError, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthenticatedRequest } from '../auth/current-principal.decorator';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';
import { assertSafeInput } from '../http/hostile-input';
import { principalFingerprint, requestFingerprint } from './request-fingerprint';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** How long a first answer is kept for replay. A client retries within minutes; a day covers an outage. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** The injection token of the lease: a claim still unanswered after it belongs to a process that died mid-request, and may be taken over. */
export const IDEMPOTENCY_LEASE_SECONDS = Symbol('IDEMPOTENCY_LEASE_SECONDS');
export const DEFAULT_IDEMPOTENCY_LEASE_SECONDS = 120;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'mismatch' };

interface RecordRow {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  abandoned: boolean;
}

/**
 * `Idempotency-Key` on the routes that create something (see `@Idempotent()`): the first
 * successful answer to a key is stored in the service's own `idempotency_record` table, per
 * principal, and a retry with the same key and the same request gets that answer again
 * (with `Idempotent-Replayed: true`) without running the handler. The same key with another
 * request is 422 IDEMPOTENCY_KEY_REUSED; a retry while the first is still running is 409
 * IDEMPOTENCY_IN_PROGRESS (retry shortly). Refusals are not stored: handlers write nothing
 * when they refuse, so a retry simply runs again. Keys are scoped per principal, so one
 * caller's key never replays another's answer.
 *
 * Bound at the route, after FileInterceptor, so a multipart upload's fingerprint includes
 * the file's bytes and fields.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(IDEMPOTENCY_LEASE_SECONDS) private readonly leaseSeconds: number,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest & { file?: { buffer: Buffer; originalname?: string; mimetype?: string } }>();
    const response = http.getResponse<Response>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.IdempotencyKeyInvalid, 'Idempotency-Key must be 1 to 255 visible ASCII characters, given once.');
    }
    // Before fingerprinting, which walks the body: the pipe that would refuse it runs after interceptors.
    assertSafeInput(request.body, 'request body');
    const scope = {
      principal: principalFingerprint(request.principal.role, request.principal.subject),
      key,
      route: `${request.method} ${(request.route as { path?: string } | undefined)?.path ?? request.path}`,
      requestHash: requestFingerprint({ method: request.method, url: request.originalUrl, body: request.body, ...(request.file ? { file: request.file } : {}) }),
    };
    return from(this.claim(scope)).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'replay':
            response.status(claim.status).setHeader('Idempotent-Replayed', 'true');
            return of(claim.body);
          case 'in-progress':
            throw new ApiError(HttpStatus.CONFLICT, PlatformErrorCode.IdempotencyInProgress, 'A request with this Idempotency-Key is still being processed; retry shortly.');
          case 'mismatch':
            throw new ApiError(
              HttpStatus.UNPROCESSABLE_ENTITY,
              PlatformErrorCode.IdempotencyKeyReused,
              'This Idempotency-Key was already used for a different request; use a new key for a new request.',
            );
          case 'claimed':
            return next.handle().pipe(
              mergeMap((body: unknown) => from(this.complete(scope, response.statusCode, body)).pipe(map(() => body))),
              // A refusal or a failure is not kept: the handler wrote nothing, so a retry runs again.
              catchError((error: unknown) => from(this.release(scope).catch(() => undefined)).pipe(mergeMap(() => throwError(() => error)))),
            );
        }
      }),
    );
  }

  private async claim(scope: Scope): Promise<Claim> {
    await this.purgeExpired();
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO idempotency_record (principal_hash, idempotency_key, route, request_hash)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (principal_hash, idempotency_key) DO NOTHING
       RETURNING 1`,
      [scope.principal, scope.key, scope.route, scope.requestHash],
    );
    if (inserted.length > 0) return { kind: 'claimed' };
    const [existing] = await this.dataSource.query<RecordRow[]>(
      `SELECT request_hash, response_status, response_body,
              (response_status IS NULL AND created_at < now() - make_interval(secs => $3)) AS abandoned
         FROM idempotency_record WHERE principal_hash = $1 AND idempotency_key = $2`,
      [scope.principal, scope.key, this.leaseSeconds],
    );
    // Released (the first attempt was refused) between our insert and this read: try again.
    if (!existing) return this.claim(scope);
    if (existing.request_hash !== scope.requestHash) return { kind: 'mismatch' };
    if (existing.response_status !== null) return { kind: 'replay', status: existing.response_status, body: existing.response_body };
    if (existing.abandoned) {
      const taken = await this.dataSource.query<unknown[]>(
        `UPDATE idempotency_record SET created_at = now()
          WHERE principal_hash = $1 AND idempotency_key = $2 AND response_status IS NULL AND created_at < now() - make_interval(secs => $3)
          RETURNING 1`,
        [scope.principal, scope.key, this.leaseSeconds],
      );
      if (taken.length > 0) {
        this.logger.warn(`Took over an abandoned idempotent request on ${scope.route}`);
        return { kind: 'claimed' };
      }
    }
    return { kind: 'in-progress' };
  }

  private async complete(scope: Scope, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_record SET response_status = $3, response_body = $4::jsonb, completed_at = now()
        WHERE principal_hash = $1 AND idempotency_key = $2`,
      [scope.principal, scope.key, status, JSON.stringify(body ?? null)],
    );
  }

  private async release(scope: Scope): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_record WHERE principal_hash = $1 AND idempotency_key = $2 AND response_status IS NULL', [scope.principal, scope.key]);
  }

  /** At most once a minute per process: expired answers are forgotten, and their keys become free. */
  private async purgeExpired(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.dataSource.query(`DELETE FROM idempotency_record WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_RETENTION_HOURS]);
  }
}

interface Scope {
  readonly principal: string;
  readonly key: string;
  readonly route: string;
  readonly requestHash: string;
}
