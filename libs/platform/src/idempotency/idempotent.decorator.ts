import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_RETENTION_HOURS, IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * A route that creates something accepts `Idempotency-Key`. Put it above any
 * `@UseInterceptors(…FileInterceptor…)`: decorators apply bottom-up, so the idempotency
 * interceptor then runs after multer and fingerprints the file too.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: `Any 1–255 visible ASCII characters, new for each new request. A retry with the same key and request returns the first answer (header Idempotent-Replayed: true) and creates nothing; the same key with another request is 422 IDEMPOTENCY_KEY_REUSED; while the first is still running, 409 IDEMPOTENCY_IN_PROGRESS. Kept ${IDEMPOTENCY_RETENTION_HOURS} h, per caller.`,
    }),
    UseInterceptors(IdempotencyInterceptor),
  );
