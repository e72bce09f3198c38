import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls until the assertion passes or the deadline passes, then rethrows its last error.
 * Asynchronous systems converge; tests wait for the outcome rather than for a fixed time.
 */
export async function eventually<T>(assertion: () => Promise<T> | T, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}
