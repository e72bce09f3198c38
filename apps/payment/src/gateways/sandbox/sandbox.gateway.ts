import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { SandboxGatewaySettings } from '../../payment-settings';
import type { PaymentOrder } from '../../orders/payment-order.entity';
import type { CallbackVerdict, GatewayStatus, PaymentGateway } from '../payment-gateway';
import { vnpaySign, vnpaySignatureValid } from './vnpay-signature';

const QUERY_TIMEOUT_MS = 10_000;

/**
 * The development sandbox (apps/payment-sandbox), which speaks VNPay's protocol: a signed
 * payment URL, a signed server-to-server IPN, a signed `querydr`. VNPay counts amounts in
 * hundredths of a đồng (`vnp_Amount` = đồng × 100), converted here with integers only.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  private readonly logger = new Logger(SandboxGateway.name);

  constructor(
    private readonly settings: SandboxGatewaySettings,
    /** This service's public base URL: the citizen's browser comes back to it. */
    private readonly publicUrl: string,
  ) {}

  checkout(order: PaymentOrder, expiresAt: Date): { redirectUrl: string } {
    const params: Record<string, string> = {
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: this.settings.tmnCode,
      // × 100 by appending digits: exact for every safe integer, where a multiplication could round.
      vnp_Amount: `${order.amountVnd}00`,
      vnp_CurrCode: 'VND',
      vnp_TxnRef: order.id,
      vnp_OrderInfo: `Thanh toan le phi ho so ${order.dossierId} (${order.feeCode})`,
      vnp_OrderType: 'other',
      vnp_Locale: 'vn',
      vnp_ReturnUrl: `${this.publicUrl}/gateways/sandbox/return`,
      vnp_CreateDate: vnpayTime(new Date()),
      vnp_ExpireDate: vnpayTime(expiresAt),
    };
    const query = new URLSearchParams({ ...params, vnp_SecureHash: vnpaySign(params, this.settings.hashSecret) });
    return { redirectUrl: `${this.settings.url}/paymentv2/vpcpay.html?${query.toString()}` };
  }

  verifyCallback(params: Readonly<Record<string, string>>): CallbackVerdict {
    if (!vnpaySignatureValid(params, this.settings.hashSecret) || params.vnp_TmnCode !== this.settings.tmnCode) return { authentic: false };
    return {
      authentic: true,
      orderId: params.vnp_TxnRef ?? '',
      amountVnd: vndOf(params.vnp_Amount),
      // VNPay's IPN carries no currency; the sandbox echoes the one the payment URL asked for.
      currency: params.vnp_CurrCode ?? 'VND',
      status: statusOf(params.vnp_ResponseCode, params.vnp_TransactionStatus),
      transactionNo: params.vnp_TransactionNo ?? '',
      detail: `response ${params.vnp_ResponseCode ?? '-'}, status ${params.vnp_TransactionStatus ?? '-'}, transaction ${params.vnp_TransactionNo ?? '-'}`,
    };
  }

  async query(order: PaymentOrder): Promise<GatewayStatus> {
    const request: Record<string, string> = {
      vnp_RequestId: randomUUID().replace(/-/g, ''),
      vnp_Version: '2.1.0',
      vnp_Command: 'querydr',
      vnp_TmnCode: this.settings.tmnCode,
      vnp_TxnRef: order.id,
      vnp_OrderInfo: `Truy van ${order.id}`,
      vnp_TransactionDate: vnpayTime(order.statusChangedAt),
      vnp_CreateDate: vnpayTime(new Date()),
      vnp_IpAddr: '127.0.0.1',
    };
    const response = await fetch(`${this.settings.url}/merchant_webapi/api/transaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, vnp_SecureHash: vnpaySign(request, this.settings.hashSecret) }),
      signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
    });
    const answer = (await response.json().catch(() => undefined)) as Record<string, string> | undefined;
    if (!response.ok || !answer || !vnpaySignatureValid(answer, this.settings.hashSecret) || answer.vnp_TxnRef !== order.id) {
      this.logger.warn(`The sandbox's answer about order ${order.id} is not one it signed (HTTP ${response.status}); the order stays as it is`);
      return 'pending';
    }
    // 00: the query was answered; status 00 paid, 01 not finished yet, anything else failed.
    if (answer.vnp_ResponseCode !== '00' || answer.vnp_TransactionStatus === '01') return 'pending';
    if (answer.vnp_TransactionStatus !== '00') return 'failed';
    if (vndOf(answer.vnp_Amount) !== order.amountVnd) {
      this.logger.warn(`The sandbox reports order ${order.id} paid with ${answer.vnp_Amount} hundredths, not ${order.amountVnd} đồng; left pending for an operator`);
      return 'pending';
    }
    return 'paid';
  }
}

/** `vnp_Amount` is đồng × 100; anything but a whole number of đồng is not an amount (NaN). */
function vndOf(hundredths: string | undefined): number {
  if (hundredths === undefined || !/^[1-9]\d{0,17}00$/.test(hundredths)) return Number.NaN;
  const vnd = Number(hundredths.slice(0, -2));
  return Number.isSafeInteger(vnd) ? vnd : Number.NaN;
}

/** VNPay: response 00 with status 00 is paid; 24 is the citizen cancelling; anything else failed. */
function statusOf(responseCode: string | undefined, transactionStatus: string | undefined): Exclude<GatewayStatus, 'pending'> {
  if (responseCode === '00' && transactionStatus === '00') return 'paid';
  if (responseCode === '24') return 'cancelled';
  return 'failed';
}

/** yyyyMMddHHmmss in Vietnam's time (GMT+7, no daylight saving), as VNPay wants. */
export function vnpayTime(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}
