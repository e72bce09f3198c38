import type { PaymentOrder } from '../../orders/payment-order.entity';
import { vietQrPng } from '../../vietqr/vietqr-image';
import { vietQrPayload } from '../../vietqr/vietqr-payload';
import type { CallbackVerdict, GatewayStatus, PaymentGateway, VietQrInstructions } from '../payment-gateway';
import type { VietQrSettings } from './vietqr-settings';
import { vietQrReference } from './vietqr-reference';

/**
 * A bank transfer (NAPAS 247) to the agency's account, asked for with a dynamic VietQR code
 * carrying the amount and the order's reference. The money arrives as the bank's credit
 * notification (`BankCredits`), not as a gateway callback, and a bank cannot be asked about a
 * transfer it never saw: an unpaid order simply expires.
 */
export class VietQrGateway implements PaymentGateway {
  readonly name = 'vietqr';

  constructor(private readonly settings: VietQrSettings) {}

  get accountNumber(): string {
    return this.settings.accountNumber;
  }

  /** The key the bank signs its credit notifications with. */
  get creditSecret(): string {
    return this.settings.creditSecret;
  }

  async checkout(order: PaymentOrder): Promise<VietQrInstructions> {
    const reference = vietQrReference(order.id);
    const payload = vietQrPayload({ bankBin: this.settings.bankBin, accountNumber: this.settings.accountNumber, amountVnd: order.amountVnd, reference, merchantName: this.settings.accountName });
    return {
      payload,
      qrPngDataUrl: `data:image/png;base64,${(await vietQrPng(payload)).toString('base64')}`,
      bank: { bin: this.settings.bankBin, account: this.settings.accountNumber, name: this.settings.accountName },
      amountVnd: order.amountVnd,
      reference,
    };
  }

  /** Credits come signed by the bank to `POST /gateways/vietqr/credits`; nothing arrives as an IPN. */
  verifyCallback(): CallbackVerdict {
    return { authentic: false };
  }

  query(): Promise<GatewayStatus> {
    return Promise.resolve('pending');
  }
}
