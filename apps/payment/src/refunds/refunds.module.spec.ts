import type { PaymentSettings } from '../payment-settings';
import { RefundsModule } from './refunds.module';
import type { Refunds } from './refunds.service';

describe('RefundsModule', () => {
  afterEach(() => vi.useRealTimers());

  it('outlives a round of pending refunds that fails (the database restarting), and tries again on the next', async () => {
    vi.useFakeTimers();
    const resumePending = vi.fn().mockRejectedValueOnce(new Error('the database system is not yet accepting connections')).mockResolvedValue(undefined);
    const module = new RefundsModule({ resumePending } as unknown as Refunds, { pendingPollIntervalMs: 1_000 } as PaymentSettings);
    module.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(2_000);
    module.onApplicationShutdown();
    expect(resumePending).toHaveBeenCalledTimes(2);
    await expect(module.resumePending()).resolves.toBeUndefined();
  });
});
