import type { RawResponse } from './raw-http';

/** What a response may never show, whatever was asked: the inside of the service. */
const STACK_FRAME = /\n\s+at \S.*\(?\S+:\d+:\d+\)?|\bat (?:async )?[\w$.<>]+ \((?:node:|file:|\/)/;
const SOURCE_PATH = /(?:\/(?:work|home|app|usr\/src)\/\S+|(?:^|[\s"'(])(?:apps|libs|dist|node_modules)\/[\w@./-]+)\.(?:ts|js|mjs|cjs)\b/;
/** PostgreSQL's and TypeORM's own words: a query, a relation, a constraint, a driver error; in JSON text a quote is escaped. */
const SQL = [
  /\bSELECT\b[\s\S]{0,200}\bFROM\b/,
  /\bINSERT INTO\b/,
  /\bUPDATE\s+(?:\\?")?\w+(?:\\?")?\s+SET\b/,
  /\bDELETE FROM\b/,
  /relation \\?"/,
  /\bviolates\b/,
  /QueryFailedError|EntityNotFound|TypeORMError/,
  /syntax error at or near/,
  /invalid input syntax for/,
  /duplicate key value/,
  /column \\?"[^"\\]+\\?" (?:of relation|does not exist)/,
];

export interface ResponseCheck {
  readonly response: RawResponse;
  /** Identifiers of people and resources this caller must not learn. */
  readonly forbidden: readonly string[];
  /** What the caller sent: an identifier echoed back from the request is not a leak. */
  readonly sent: string;
}

/**
 * Every property a response to a hostile (or honest) request must have. Returns each broken
 * one in a sentence; none means the response is fine.
 */
export function responseProblems({ response, forbidden, sent }: ResponseCheck): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`answered ${response.status}`);
  if (response.status < 100) problems.push('gave no HTTP status');
  const text = response.text;
  if (STACK_FRAME.test(text)) problems.push('shows a stack trace');
  if (SOURCE_PATH.test(text)) problems.push('names a source file');
  for (const pattern of SQL) if (pattern.test(text)) problems.push(`shows SQL or a database error (${pattern.source})`);
  for (const value of forbidden) {
    if (value && text.includes(value) && !sent.includes(value)) problems.push(`leaks ${value}`);
  }
  if (response.status >= 400) {
    const shape = errorShapeProblem(response);
    if (shape) problems.push(shape);
  }
  return problems;
}

/** `{ error: { code, message, details? } }` and nothing else, as JSON: the one error shape of the platform. */
export function errorShapeProblem(response: RawResponse): string | undefined {
  const contentType = String(response.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/json')) return `error ${response.status} is ${contentType || 'untyped'}, not JSON`;
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return `error ${response.status} is not valid JSON`;
  }
  const error = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).error : undefined;
  const keys = typeof body === 'object' && body !== null ? Object.keys(body) : [];
  if (keys.length !== 1 || typeof error !== 'object' || error === null) return `error ${response.status} is not { error: … }: ${response.text.slice(0, 200)}`;
  const { code, message, ...rest } = error as Record<string, unknown>;
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code)) return `error ${response.status} has no stable code: ${response.text.slice(0, 200)}`;
  if (typeof message !== 'string' || message.length === 0) return `error ${response.status} ${code} has no message`;
  const extra = Object.keys(rest).filter((key) => key !== 'details');
  if (extra.length > 0) return `error ${response.status} ${code} carries ${extra.join(', ')} besides code, message and details`;
  return undefined;
}

/** The error code of a refusal, when the body has the platform's shape. */
export function errorCodeOf(response: RawResponse): string | undefined {
  try {
    const body = JSON.parse(response.body.toString('utf8')) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}
