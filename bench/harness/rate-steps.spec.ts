import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runOpenLoad, type OpenLoadResult } from './open-load';
import { stepRates, sustainedRate, type StepOutcome } from './rate-steps';

function step(offeredRate: number, p99: number, options: { errors?: Record<string, number>; discarded?: boolean } = {}): StepOutcome {
  const latencyMs = { p50: p99 / 2, p90: p99, p99, p999: p99, max: p99 };
  const result: OpenLoadResult = {
    offeredRate,
    achievedRate: offeredRate,
    sent: offeredRate,
    succeeded: offeredRate,
    errors: options.errors ?? {},
    latencyMs,
    schedulingLagMs: { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 },
    starved: options.discarded ?? false,
  };
  return { result, discarded: options.discarded ?? false };
}

describe(sustainedRate.name, () => {
  const bound = { p99Ms: 100 };

  it('is the highest rate within the bound, errors and starved steps aside', () => {
    expect(sustainedRate([step(100, 20), step(250, 60), step(500, 140)], bound)).toBe(250);
    expect(sustainedRate([step(100, 20), step(250, 30, { errors: { 'HTTP 503': 1 } })], bound)).toBe(100);
    // A step whose generator was starved proves nothing, good or bad.
    expect(sustainedRate([step(100, 20), step(250, 30, { discarded: true })], bound)).toBe(100);
    expect(sustainedRate([step(100, 150)], bound)).toBeUndefined();
  });
});

describe(stepRates.name, () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Answers in 30 ms: every rate here is within a 100 ms bound, none within 10 ms.
    server = createServer((_request, response) => setTimeout(() => response.end('ok'), 30));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const request = () => ({ method: 'GET', path: '/' });

  it('runs every step while the server keeps within the bound', async () => {
    const seen: number[] = [];
    const load = await stepRates([20, 40], (ratePerSecond) => runOpenLoad({ target: url, ratePerSecond, durationMs: 500, request }), { p99Ms: 1_000 }, (outcome) => seen.push(outcome.result.offeredRate));
    expect(seen).toEqual([20, 40]);
    expect(load.steps.every((outcome) => outcome.result.succeeded === outcome.result.sent)).toBe(true);
    expect(load.steps.every((outcome) => outcome.result.latencyMs.p50 >= 25)).toBe(true);
  });

  it('stops after the first trusted step past the bound', async () => {
    const load = await stepRates([20, 40, 80], (ratePerSecond) => runOpenLoad({ target: url, ratePerSecond, durationMs: 300, request }), { p99Ms: 10 });
    // Normally the first step; a step the generator was starved in does not count, so the next is tried.
    const firstTrusted = load.steps.findIndex((outcome) => !outcome.discarded);
    expect(firstTrusted).toBeGreaterThanOrEqual(0);
    expect(load.steps).toHaveLength(firstTrusted + 1);
    expect(load.steps[firstTrusted].result.latencyMs.p99).toBeGreaterThan(10);
    expect(load.sustainedRate).toBeUndefined();
  });

  it('stops after a starved step that is past the bound by more than the generator was late', async () => {
    const offered: number[] = [];
    const starvedAt = (ratePerSecond: number, p99: number) => {
      offered.push(ratePerSecond);
      return Promise.resolve({ ...step(ratePerSecond, p99, { discarded: true }).result, schedulingLagMs: { p50: 1, p90: 4, p99: 7, p999: 9, max: 12 } });
    };
    // 105 ms with 12 ms of lateness might be the generator's doing: go on. 20 s cannot be.
    const load = await stepRates([100, 250, 500], (rate) => starvedAt(rate, rate === 100 ? 105 : 20_000), { p99Ms: 100 });
    expect(offered).toEqual([100, 250]);
    expect(load.steps.every((outcome) => outcome.discarded)).toBe(true);
    expect(load.sustainedRate).toBeUndefined();
  });
});
