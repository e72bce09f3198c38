const MAX_DELAY_MS = 3_600_000;

/** After the `attempts`-th failed attempt: base, 2×base, 4×base… up to an hour, with ±20 % jitter so retries of a relay outage spread out. */
export function retryDelayMs(attempts: number, baseMs: number, random = Math.random): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(delay * (0.8 + 0.4 * random()));
}
