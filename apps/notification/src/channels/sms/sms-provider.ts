export interface SmsMessage {
  /** Our delivery's id: the provider's idempotency key on every attempt. */
  readonly id: string;
  readonly to: string;
  readonly text: string;
}

/** `sent`: the provider accepted it; `delivered`: the handset has it. */
export interface SendOutcome {
  readonly status: 'sent' | 'delivered';
  readonly providerMessageId?: string;
}

/** An SMS provider; throws TemporaryDeliveryError or PermanentDeliveryError when it will not take the message. */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<SendOutcome>;
}
