import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: object | FormData;
  /** The routes that create something take one; a retry sends the same key, so it runs once. */
  readonly idempotent?: boolean;
}

/**
 * HTTP calls as a patient client makes them while a fault is injected: a connection refused,
 * a timeout, a 5xx or a 409 IDEMPOTENCY_IN_PROGRESS is tried again (200 ms doubling to 2 s) until
 * the deadline, with the same Idempotency-Key. What counts is the answer that finally came; the
 * retries are counted.
 */
export class PatientClient {
  retries = 0;
  /** Answers 409 IDEMPOTENCY_IN_PROGRESS: a retry met its first try's claim. */
  inProgress = 0;
  /** 5xx answers seen, by status: a fault's expected 503s, and anything else that would be a bug. */
  readonly serverErrors = new Map<number, number>();

  constructor(private readonly deadline: () => number) {}

  async call(method: string, url: string, options: CallOptions = {}): Promise<Answer> {
    const key = options.idempotent ? randomUUID() : undefined;
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (key) headers['idempotency-key'] = key;
    const body = options.body instanceof FormData ? options.body : options.body ? JSON.stringify(options.body) : undefined;
    if (typeof body === 'string') headers['content-type'] = 'application/json';
    for (let wait = 200; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        const response = await fetch(url, {
          method,
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(20_000),
        });
        const answer = parse(await response.text());
        // The first try still holds the key (or died holding it, until its claim lapses): as the API says, retry.
        if (response.status === 409 && (answer as { error?: { code?: string } }).error?.code === 'IDEMPOTENCY_IN_PROGRESS') this.inProgress += 1;
        else if (response.status < 500) return { status: response.status, body: answer };
        else this.serverErrors.set(response.status, (this.serverErrors.get(response.status) ?? 0) + 1);
      } catch {
        // Refused, reset or timed out: the service is down or stalled; try again.
      }
      if (Date.now() + wait > this.deadline()) throw new Error(`${method} ${url} got no answer before the deadline`);
      this.retries += 1;
      await sleep(wait);
    }
  }

  /** Repeats `probe` until it returns a value (not undefined), e.g. a payment order appearing. */
  async until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() + 300 > this.deadline()) throw new Error(`${what}: not seen before the deadline`);
      await sleep(300);
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
