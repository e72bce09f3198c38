import { httpFailure, networkFailure } from './http-failure';
import type { SendOutcome, SmsMessage, SmsProvider } from './sms-provider';

/**
 * The local SMS sandbox (apps/dev-mailbox): `POST /v1/messages` with our delivery id as
 * `reference`, which it de-duplicates on. It is the handset too, so what it accepts is delivered.
 */
export class SandboxSmsProvider implements SmsProvider {
  readonly name = 'sandbox';

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async send(message: SmsMessage): Promise<SendOutcome> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: message.to, text: message.text, reference: message.id }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw networkFailure(this.name, error);
    }
    const text = await response.text();
    if (!response.ok) throw httpFailure(this.name, response.status, text);
    const body = JSON.parse(text) as { id: string };
    return { status: 'delivered', providerMessageId: body.id };
  }
}
