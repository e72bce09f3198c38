import { PermanentDeliveryError, TemporaryDeliveryError } from '../delivery-errors';

/** A provider's HTTP answer that is not success: 5xx and 429 are worth another try, any other 4xx is not. */
export function httpFailure(provider: string, status: number, detail: string): TemporaryDeliveryError | PermanentDeliveryError {
  const message = `${provider} answered ${status}: ${detail.slice(0, 300)}`;
  return status >= 500 || status === 429 || status === 408 ? new TemporaryDeliveryError(`SMS_${status}`, message) : new PermanentDeliveryError(`SMS_${status}`, message);
}

/** No answer at all (refused, reset, timed out): the network's fault, so later. */
export function networkFailure(provider: string, error: unknown): TemporaryDeliveryError {
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return new TemporaryDeliveryError('SMS_NETWORK', `${provider} could not be reached: ${cause ?? (error instanceof Error ? error.message : String(error))}`);
}
