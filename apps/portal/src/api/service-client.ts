/** A service answered 4xx with the platform's error body: the page shows its message, and its field errors. */
export class ServiceRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
  }

  /** `FORM_INVALID`'s per-field errors, `{ field, message }`. */
  get fieldErrors(): { field: string; message: string }[] {
    const errors: unknown = this.details?.errors;
    if (!Array.isArray(errors)) return [];
    return errors.filter((error: unknown): error is { field: string; message: string } => {
      const entry = error as { field?: unknown; message?: unknown } | null;
      return typeof entry?.field === 'string' && typeof entry.message === 'string';
    });
  }
}

/** The caller's token was refused (expired, revoked): the portal logs them in again. */
export class SessionExpired extends Error {}

/** A service did not answer, or answered 5xx: the page says the service is unavailable, nothing is lost. */
export class ServiceUnavailable extends Error {}

export interface CallOptions {
  readonly token?: string;
  readonly json?: unknown;
  readonly form?: FormData;
  /** Sent as Idempotency-Key, so that a form posted twice acts once. */
  readonly idempotencyKey?: string;
}

/**
 * Every call the portal makes to a service: bounded by a timeout, with the user's token, and
 * each failure turned into what the page should do about it. 404 and 403 are both "not
 * found" to the user: the portal never confirms that someone else's dossier exists.
 */
export class ServiceClient {
  constructor(private readonly timeoutMs: number) {}

  async call<T>(method: string, url: string, options: CallOptions = {}): Promise<T> {
    const response = await this.send(method, url, options);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** For files (a PDF), streamed to the browser by the caller. */
  async fetchFile(url: string, token?: string): Promise<Response> {
    return this.send('GET', url, token === undefined ? {} : { token });
  }

  private async send(method: string, url: string, options: CallOptions): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json, application/pdf',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        },
        body: options.json === undefined ? options.form : JSON.stringify(options.json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ServiceUnavailable(`${new URL(url).host} did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.ok) return response;
    if (response.status === 401) throw new SessionExpired();
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
    if (response.status >= 500) throw new ServiceUnavailable(`${new URL(url).host} answered ${response.status}`);
    const status = response.status === 403 ? 404 : response.status;
    throw new ServiceRefusal(status, body.error?.code ?? `HTTP_${response.status}`, body.error?.message ?? response.statusText, body.error?.details);
  }
}
