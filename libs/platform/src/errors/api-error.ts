import type { HttpStatus } from '@nestjs/common';

/**
 * A refusal the client can act on: a stable machine-readable code plus one human sentence.
 * Feature modules define their codes next to their own errors; the filter turns them into
 * `{ "error": { "code", "message" } }` with the status given here.
 */
export class ApiError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = ApiError.name;
  }
}
