import { Agent, request as httpRequest } from 'node:http';
import { build, type Histogram } from 'hdr-histogram-js';

/** One request of a load step: what to send. The generator numbers them from 0. */
export interface LoadRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface OpenLoadOptions {
  /** `http://host:port`: every request of the step goes there, over keep-alive connections. */
  readonly target: string;
  /** Requests per second, sent on schedule whatever the server does (the open model). */
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** The request numbered `index`. */
  readonly request: (index: number) => LoadRequest;
  /** A request not answered by then counts as the error `timeout`. */
  readonly timeoutMs?: number;
  /** At most this many connections; more requests wait for one, and that wait is part of their latency. */
  readonly connections?: number;
  /** Scheduling lag (p99, ms) above which the generator itself was starved and the step is not to be trusted. */
  readonly starvedAboveMs?: number;
  /** Told of each answer as it arrives (`at` on performance.now()), for a scenario that follows requests past their answer. */
  readonly onAnswer?: (index: number, succeeded: boolean, at: number) => void;
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface OpenLoadResult {
  readonly offeredRate: number;
  readonly achievedRate: number;
  readonly sent: number;
  /** Answered with a 2xx. */
  readonly succeeded: number;
  /** By kind: `HTTP 503`, `timeout`, `ECONNREFUSED`… */
  readonly errors: Readonly<Record<string, number>>;
  /** Milliseconds from each request's intended send time to its answer: a server that stalls cannot hide its queue. */
  readonly latencyMs: Percentiles;
  /** Milliseconds by which the generator sent late: large, and the generator, not the server, was the bottleneck. */
  readonly schedulingLagMs: Percentiles;
  readonly starved: boolean;
}

/**
 * An open-model load generator: request i is due at start + i / rate, is sent then (or as soon
 * as the generator can), and its latency counts from when it was due, not from when it left.
 * Closed-loop tools (autocannon, wrk) wait for an answer before the next request and so
 * under-report a stall: here a one-second stall shows as a second of latency for every request
 * due during it. The generator measures its own lateness too, so a starved step is known.
 */
export async function runOpenLoad(options: OpenLoadOptions): Promise<OpenLoadResult> {
  const { target, ratePerSecond, durationMs, timeoutMs = 10_000, connections = 256, starvedAboveMs = 5 } = options;
  const total = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));
  const intervalMs = 1000 / ratePerSecond;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latency = histogram();
  const lag = histogram();
  const errors: Record<string, number> = {};
  const url = new URL(target);
  let succeeded = 0;
  let lastAnswer = 0;
  const answers: Promise<void>[] = [];

  const send = (index: number, intendedAt: number) => {
    const spec = options.request(index);
    lag.recordValue(toMicros(performance.now() - intendedAt));
    answers.push(
      new Promise<void>((resolve) => {
        const done = (error?: string) => {
          const now = performance.now();
          lastAnswer = Math.max(lastAnswer, now);
          latency.recordValue(toMicros(now - intendedAt));
          if (error) errors[error] = (errors[error] ?? 0) + 1;
          else succeeded += 1;
          options.onAnswer?.(index, error === undefined, now);
          resolve();
        };
        const outgoing = httpRequest(
          { host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers: spec.headers, agent, timeout: timeoutMs },
          (response) => {
            response.resume();
            response.once('end', () => done(response.statusCode !== undefined && response.statusCode < 300 ? undefined : `HTTP ${response.statusCode}`));
            response.once('error', () => done('response error'));
          },
        );
        outgoing.once('timeout', () => outgoing.destroy(new Error('timeout')));
        outgoing.once('error', (error: NodeJS.ErrnoException) => done(error.message === 'timeout' ? 'timeout' : (error.code ?? error.message)));
        outgoing.end(spec.body);
      }),
    );
  };

  const start = performance.now();
  let next = 0;
  // Wakes on every turn of the event loop it can get, and sends everything that has come due.
  await new Promise<void>((finished) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) {
        send(next, start + next * intervalMs);
        next += 1;
      }
      if (next >= total) return finished();
      const wait = start + next * intervalMs - performance.now();
      if (wait > 1) setTimeout(tick, wait - 1);
      else setImmediate(tick);
    };
    tick();
  });
  await Promise.all(answers);
  agent.destroy();

  const elapsedMs = Math.max(lastAnswer - start, durationMs);
  const schedulingLagMs = percentiles(lag);
  return {
    offeredRate: ratePerSecond,
    achievedRate: (succeeded * 1000) / elapsedMs,
    sent: total,
    succeeded,
    errors,
    latencyMs: percentiles(latency),
    schedulingLagMs,
    starved: schedulingLagMs.p99 > starvedAboveMs,
  };
}

/** Microseconds, up to two minutes, to three significant digits. */
function histogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

function toMicros(ms: number): number {
  return Math.max(1, Math.round(ms * 1000));
}

function percentiles(histogram: Histogram): Percentiles {
  const at = (percentile: number) => histogram.getValueAtPercentile(percentile) / 1000;
  return { p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: histogram.maxValue / 1000 };
}
