import { Logger } from '@nestjs/common';
import { vnpaySign, vnpaySignatureValid } from '../gateways/sandbox/vnpay-signature';
import { vnpayTime } from '../gateways/sandbox/sandbox.gateway';
import type { PaymentOrder } from '../orders/payment-order.entity';
import type { SandboxGatewaySettings } from '../payment-settings';
import type { Refund } from './refund.entity';

const REFUND_TIMEOUT_MS = 10_000;

/** The gateway's final word on one refund. Unreachable, or an answer it did not sign, is thrown as `RefundGatewayUnreachableError`. */
export type RefundAnswer = { readonly refunded: true; readonly gatewayRef: string | null } | { readonly refunded: false; readonly detail: string };

/**
 * A gateway that can give money back. The refund's own id goes with every attempt, so the
 * gateway answers a retry with its first answer and never refunds twice.
 */
export interface RefundingGateway {
  readonly name: string;
  refund(order: PaymentOrder, refund: Refund): Promise<RefundAnswer>;
}

export const REFUND_GATEWAYS = Symbol('REFUND_GATEWAYS');

export class RefundGatewayUnreachableError extends Error {
  override readonly name = RefundGatewayUnreachableError.name;
}

/** The sandbox's refund API, VNPay's `vnp_Command=refund`: `02` full, `03` partial, amounts in đồng × 100. */
export class SandboxRefunds implements RefundingGateway {
  readonly name = 'sandbox';
  private readonly logger = new Logger(SandboxRefunds.name);

  constructor(private readonly settings: SandboxGatewaySettings) {}

  async refund(order: PaymentOrder, refund: Refund): Promise<RefundAnswer> {
    const request: Record<string, string> = {
      vnp_RequestId: refund.id.replace(/-/g, ''),
      vnp_Version: '2.1.0',
      vnp_Command: 'refund',
      vnp_TmnCode: this.settings.tmnCode,
      vnp_TransactionType: refund.amountVnd === order.amountVnd ? '02' : '03',
      vnp_TxnRef: order.id,
      vnp_Amount: `${refund.amountVnd}00`,
      vnp_OrderInfo: `Hoan tien ${order.id}`,
      vnp_TransactionNo: order.gatewayTransactionNo ?? '',
      vnp_TransactionDate: vnpayTime(order.paidAt ?? order.statusChangedAt),
      vnp_CreateBy: refund.requestedBy.slice(0, 64),
      vnp_CreateDate: vnpayTime(new Date()),
      vnp_IpAddr: '127.0.0.1',
    };
    let response: Response;
    let answer: Record<string, string> | undefined;
    try {
      response = await fetch(`${this.settings.url}/merchant_webapi/api/transaction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...request, vnp_SecureHash: vnpaySign(request, this.settings.hashSecret) }),
        signal: AbortSignal.timeout(REFUND_TIMEOUT_MS),
      });
      answer = (await response.json().catch(() => undefined)) as Record<string, string> | undefined;
    } catch (error) {
      throw new RefundGatewayUnreachableError(`the sandbox cannot be reached: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!response.ok || !answer || !vnpaySignatureValid(answer, this.settings.hashSecret) || answer.vnp_ResponseId !== request.vnp_RequestId) {
      throw new RefundGatewayUnreachableError(`the sandbox's answer about refund ${refund.id} is not one it signed (HTTP ${response.status})`);
    }
    if (answer.vnp_ResponseCode === '00') return { refunded: true, gatewayRef: answer.vnp_TransactionNo || null };
    this.logger.warn(`The sandbox refused refund ${refund.id} of order ${order.id}: ${answer.vnp_ResponseCode} ${answer.vnp_Message ?? ''}`);
    return { refunded: false, detail: `${answer.vnp_ResponseCode ?? '-'} ${answer.vnp_Message ?? ''}`.trim() };
  }
}
