import { UnrecoverableEventError } from './unrecoverable-event.error';

/**
 * What a handler failure says about trying again:
 * - `transient`: the world was briefly unable (PostgreSQL or the network down, a lock
 *   conflict, a timeout, a 503); the same event will succeed later, so it is retried for
 *   minutes and never dead-lettered for that alone;
 * - `permanent`: the event itself cannot be applied (it refers to nothing, breaks a
 *   constraint, holds bad data); retrying changes nothing, so it is dead-lettered at once;
 * - `unknown`: a plain error from a handler; it gets a few quick attempts, then the dead
 *   letter, as a bug in the handler would otherwise stall its partition for good.
 */
export type FailureClass = 'transient' | 'permanent' | 'unknown';

/** Thrown by a handler to say "try again later" explicitly (a dependency answered 503, say). */
export class TransientEventError extends Error {
  override name = TransientEventError.name;
}

/**
 * PostgreSQL SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 * 08: connection exception; 40001 serialization failure; 40P01 deadlock; 53: insufficient
 * resources (too many connections, disk full); 55P03 lock not available; 57014 statement
 * timeout or cancel; 57P01..57P05 the server shutting down, starting up or idle-killing us.
 */
const TRANSIENT_SQLSTATE = /^(08|53|58)|^(40001|40P01|55P03|55006|57014|57P0[1-5])$/;
/** 22: data exception; 23: integrity constraint violation; 42: syntax or access rule (a wrong query). */
const PERMANENT_SQLSTATE = /^(22|23|42)/;
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const TRANSIENT_HTTP_STATUS = new Set([408, 429, 502, 503, 504]);
/** node-postgres reports a lost or unobtainable connection only in words. */
const TRANSIENT_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection timeout/i, /server closed the connection/i, /client has encountered a connection error/i];

export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof UnrecoverableEventError) return 'permanent';
  if (error instanceof TransientEventError) return 'transient';
  if (typeof error !== 'object' || error === null) return 'unknown';
  const fields = error as { code?: unknown; status?: unknown; retriable?: unknown; message?: unknown; cause?: unknown; driverError?: unknown };
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code) && !TRANSIENT_NETWORK_CODES.has(code)) {
    if (TRANSIENT_SQLSTATE.test(code)) return 'transient';
    if (PERMANENT_SQLSTATE.test(code)) return 'permanent';
  }
  if (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) return 'transient';
  if (typeof fields.status === 'number' && TRANSIENT_HTTP_STATUS.has(fields.status)) return 'transient';
  // kafkajs marks its own errors: a retriable one (leader moving, broker away) is transient.
  if (fields.retriable === true) return 'transient';
  if (typeof fields.message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(fields.message as string))) return 'transient';
  // TypeORM's QueryFailedError keeps the driver's error; fetch and others chain a cause.
  for (const inner of [fields.driverError, fields.cause]) {
    if (inner !== undefined && inner !== error) {
      const innerClass = classifyFailure(inner);
      if (innerClass !== 'unknown') return innerClass;
    }
  }
  return 'unknown';
}
