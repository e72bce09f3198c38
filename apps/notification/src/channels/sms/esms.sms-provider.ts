import { TemporaryDeliveryError } from '../delivery-errors';
import { foldDiacritics } from './fold-diacritics';
import { httpFailure, networkFailure } from './http-failure';
import type { SendOutcome, SmsMessage, SmsProvider } from './sms-provider';

/** eSMS.vn's single-message endpoint for brand-name customer-care SMS (developers.esms.vn, "Send OTP/Customer care message"). */
export const ESMS_SEND_URL = 'https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/';

export interface EsmsConfig {
  readonly apiKey: string;
  readonly secretKey: string;
  /** Registered with eSMS and the carriers before use; shown as the sender. */
  readonly brandname: string;
}

/**
 * The request body for one SMS. SmsType 2 is customer care (the only brand-name type for
 * transactional notices); IsUnicode 0 with the text folded, as brand-name routes expect.
 * RequestId is our delivery id: eSMS refuses a second request with it for 24 hours, so a
 * send repeated after a crash does not reach the citizen twice.
 */
export function esmsRequest(config: EsmsConfig, message: SmsMessage): Record<string, string> {
  return {
    ApiKey: config.apiKey,
    SecretKey: config.secretKey,
    Brandname: config.brandname,
    SmsType: '2',
    IsUnicode: '0',
    Phone: message.to,
    Content: foldDiacritics(message.text),
    RequestId: message.id,
  };
}

/**
 * eSMS answers 200 with `CodeResult` "100" when it accepted the message. Any other code is
 * treated as temporary, so it is retried up to MAX_ATTEMPTS and then recorded as permanent:
 * the codes that mean "never" (a number or brand name refused) must be taken from eSMS's
 * current error table before they are mapped to PermanentDeliveryError; none is guessed here.
 */
export function esmsOutcome(body: { CodeResult?: string; SMSID?: string; ErrorMessage?: string }): SendOutcome {
  if (body.CodeResult === '100') return { status: 'sent', ...(body.SMSID ? { providerMessageId: body.SMSID } : {}) };
  throw new TemporaryDeliveryError(`ESMS_${body.CodeResult ?? 'NO_CODE'}`, `eSMS refused the message: ${(body.ErrorMessage ?? 'no error message').slice(0, 300)}`);
}

/** Brand-name SMS through eSMS.vn. Not exercised by the test suite: it needs a live eSMS account. */
export class EsmsSmsProvider implements SmsProvider {
  readonly name = 'esms';

  constructor(
    private readonly config: EsmsConfig,
    private readonly url = ESMS_SEND_URL,
  ) {}

  async send(message: SmsMessage): Promise<SendOutcome> {
    let response: Response;
    try {
      response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(esmsRequest(this.config, message)), signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw networkFailure(this.name, error);
    }
    const text = await response.text();
    if (!response.ok) throw httpFailure(this.name, response.status, text);
    return esmsOutcome(JSON.parse(text) as Parameters<typeof esmsOutcome>[0]);
  }
}
