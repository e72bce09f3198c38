import { sleep } from './poll.util';

/**
 * One readiness check: /health says UP (it reports the storage's health too), and the query
 * API that the UI and the tests read from answers as well. Resolves to undefined when ready,
 * else to why not.
 */
export async function zipkinNotReadyReason(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await health.text();
    if (health.status !== 200) return `GET /health answered ${health.status}`;
    const status = (JSON.parse(body) as { status?: unknown }).status;
    if (status !== 'UP') return `GET /health says ${String(status)}`;
    const services = await fetch(`${url}/api/v2/services`, { signal: AbortSignal.timeout(timeoutMs) });
    await services.arrayBuffer();
    return services.status === 200 ? undefined : `GET /api/v2/services answered ${services.status}`;
  } catch (error) {
    return describeFetchError(error);
  }
}

export interface WaitForZipkinOptions {
  timeoutMs: number;
  /** Checked between attempts: a reason here (e.g. "the JVM exited") ends the wait early. */
  abortReason?: () => string | undefined;
}

/** Polls until zipkinNotReadyReason finds nothing; rejects with the last reason on timeout or abort. */
export async function waitForZipkin(url: string, options: WaitForZipkinOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastReason = 'no attempt made';
  while (Date.now() < deadline) {
    const aborted = options.abortReason?.();
    if (aborted) throw new Error(aborted);
    const reason = await zipkinNotReadyReason(url, Math.max(500, Math.min(3000, deadline - Date.now())));
    if (reason === undefined) return;
    lastReason = reason;
    await sleep(250);
  }
  throw new Error(`not serving after ${Math.round(options.timeoutMs / 1000)} s (last error: ${lastReason})`);
}

/** fetch's own message is only "fetch failed"; the cause says ECONNREFUSED, a timeout, etc. */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
