import { createHash } from 'node:crypto';

/** The parts of a request that decide what it does; a retry must repeat all of them. */
export interface FingerprintedRequest {
  readonly method: string;
  /** The concrete path and query string, e.g. `/dossiers/3f…/documents`. */
  readonly url: string;
  readonly body: unknown;
  /** A multipart upload's file: its bytes count, not just its name. */
  readonly file?: { readonly buffer: Buffer; readonly originalname?: string; readonly mimetype?: string };
}

/** SHA-256 over the method, URL, body (keys sorted, so field order does not matter) and file bytes. */
export function requestFingerprint(request: FingerprintedRequest): string {
  const hash = createHash('sha256').update(`${request.method.toUpperCase()} ${request.url}\n`).update(canonicalJson(request.body ?? null));
  if (request.file) {
    hash.update(`\nfile ${request.file.originalname ?? ''} ${request.file.mimetype ?? ''} `).update(request.file.buffer);
  }
  return hash.digest('hex');
}

export function principalFingerprint(role: string, subject: string): string {
  // Hashed: the table then holds no subject, which for a citizen may be a personal identifier.
  return createHash('sha256').update(`${role}\n${subject}`).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
