import { classifySmtpFailure } from '../channels/email/smtp-email.sender';
import { PermanentDeliveryError, TemporaryDeliveryError } from '../channels/delivery-errors';
import { retryDelayMs } from './delivery-backoff';
import { planSends } from './rate-limit';
import { redactAddresses } from './redact-addresses';

describe(planSends.name, () => {
  it('sends one each within the budget, and coalesces the rest into the last place', () => {
    expect(planSends([1, 2, 3], 5)).toEqual({ singles: [1, 2, 3], digest: [] });
    expect(planSends([1, 2, 3, 4, 5], 2)).toEqual({ singles: [1], digest: [2, 3, 4, 5] });
    expect(planSends([1, 2], 1)).toEqual({ singles: [], digest: [1, 2] });
    expect(planSends([1, 2], 0)).toEqual({ singles: [], digest: [] });
  });
});

describe(retryDelayMs.name, () => {
  it('doubles from the base up to an hour, within the jitter', () => {
    expect(retryDelayMs(1, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(3, 30_000, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(30, 30_000, () => 0.5)).toBe(3_600_000);
    expect(retryDelayMs(1, 30_000, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, 30_000, () => 1)).toBe(36_000);
  });
});

describe(classifySmtpFailure.name, () => {
  it('retries 4xx, the network and a refused login; gives up on 5xx', () => {
    expect(classifySmtpFailure({ responseCode: 451, response: '451 later' })).toBeInstanceOf(TemporaryDeliveryError);
    expect(classifySmtpFailure({ responseCode: 550, response: '550 no' })).toBeInstanceOf(PermanentDeliveryError);
    expect(classifySmtpFailure({ code: 'ECONNECTION', message: 'refused' })).toBeInstanceOf(TemporaryDeliveryError);
    expect(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, response: '535 bad' })).toMatchObject({ code: 'SMTP_AUTH' });
  });
});

describe(redactAddresses.name, () => {
  it('takes addresses and numbers out of what relays and providers say', () => {
    expect(redactAddresses('550 5.1.1 <an.nguyen@example.vn>: Recipient address rejected; 0912345678 and +84912345678')).toBe('550 5.1.1 <[address]>: Recipient address rejected; [number] and [number]');
  });
});
