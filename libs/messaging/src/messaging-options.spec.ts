import { backoffMs, DEFAULT_RETRY } from './messaging-options';
import { retriesWithin } from './kafka/kafka-settings';

describe(backoffMs.name, () => {
  it('doubles the ceiling each attempt, with jitter between half and all of it', () => {
    expect(backoffMs(DEFAULT_RETRY, 1, () => 0)).toBe(100);
    expect(backoffMs(DEFAULT_RETRY, 1, () => 1)).toBe(200);
    expect(backoffMs(DEFAULT_RETRY, 3, () => 1)).toBe(800);
  });

  it('never waits longer than the maximum', () => {
    expect(backoffMs(DEFAULT_RETRY, 30, () => 1)).toBe(DEFAULT_RETRY.maxBackoffMs);
  });
});

describe(retriesWithin.name, () => {
  it('fits kafkajs doubling retries into the connection budget', () => {
    expect(retriesWithin(10_000)).toBe(5); // 300+600+1200+2400+4800 = 9300 ms
    expect(retriesWithin(3_000)).toBe(3);
    expect(retriesWithin(100)).toBe(1);
  });
});
