import { request as httpRequest } from 'node:http';

/** One request exactly as a hostile client writes it: the path is sent as given, unnormalised. */
export interface RawRequest {
  readonly method: string;
  /** Path and query, already encoded as they should go on the wire. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The body as text when the content type says it is text (JSON, CSV, HTML); empty otherwise. */
  readonly text: string;
}

/** Longer than any honest request takes here; a request that hangs this long is a finding in itself. */
const ANSWER_TIMEOUT_MS = 20_000;

const TEXTUAL = /^(application\/(json|problem\+json|xml)|text\/)/;

/**
 * node:http rather than fetch: fetch resolves `..` in paths, refuses some header values and
 * insists on a well-formed body, which is exactly what a hostile client does not do.
 */
export function sendRaw(baseUrl: string, raw: RawRequest): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: raw.method,
        path: raw.path,
        headers: { ...raw.headers, ...(raw.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(raw.body)) }) },
        agent: false,
        timeout: ANSWER_TIMEOUT_MS,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const body = Buffer.concat(chunks);
          const contentType = String(incoming.headers['content-type'] ?? '');
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body, text: TEXTUAL.test(contentType) ? body.toString('utf8') : '' });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${raw.method} ${raw.path.slice(0, 200)} within ${ANSWER_TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    outgoing.end(raw.body);
  });
}
