import { vietnamTime } from '../receipts/vietnam-format';
import type { PayGovEnabled } from './paygov-config';
import { payGovSign, payGovSignatureValid } from './paygov-signature';

/**
 * What an agency system sends the national platform to open a payment for a dossier's fees,
 * and what the platform calls back with. Publicly described (the platform's announcements and
 * provincial integration guides): the agency system sends the dossier code, the amount and
 * the fee items; the citizen chooses a bank or e-wallet on the platform's page; the platform
 * posts the result to a registered callback, server to server, and sends the browser back.
 * The FIELD NAMES, formats and endpoint path below are this project's placeholders, to be
 * replaced by those in the operator's integration specification before the adapter is turned on.
 */
export interface PayGovPaymentOrder {
  orderReference: string;
  amountVnd: number;
  dossierCode: string;
  /** The agency's code in the national catalogue of administrative units. */
  agencyCode: string;
  /** Shown to the citizen on the platform's page. */
  description: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface PayGovRequest {
  method: 'POST';
  url: string;
  body: Record<string, string>;
}

const REFERENCE = /^[A-Z0-9]{1,25}$/;

export function payGovPaymentRequest(config: PayGovEnabled, secret: string, order: PayGovPaymentOrder): PayGovRequest {
  if (!REFERENCE.test(order.orderReference)) throw new RangeError(`The order reference must be 1 to 25 capital letters or digits, not "${order.orderReference}".`);
  if (!Number.isSafeInteger(order.amountVnd) || order.amountVnd <= 0) throw new RangeError(`The amount must be a positive whole number of đồng, not ${order.amountVnd}.`);
  if (order.expiresAt.getTime() <= order.createdAt.getTime()) throw new RangeError('A payment must expire after it is created.');
  const fields: Record<string, string> = {
    merchantCode: config.merchantCode,
    orderReference: order.orderReference,
    amount: String(order.amountVnd),
    currency: 'VND',
    dossierCode: order.dossierCode,
    agencyCode: order.agencyCode,
    description: order.description.normalize('NFC'),
    callbackUrl: config.callbackUrl,
    returnUrl: config.returnUrl,
    createdAt: vietnamTimestamp(order.createdAt),
    expiresAt: vietnamTimestamp(order.expiresAt),
  };
  return { method: 'POST', url: `${config.url}/payments`, body: { ...fields, signature: payGovSign(fields, secret) } };
}

export type PayGovCallback =
  | { ok: true; orderReference: string; amountVnd: number; status: 'paid' | 'failed'; gatewayRef: string; paidAt: Date }
  | { ok: false; reason: PayGovCallbackRejection };

/** Why a callback is refused; the payment service answers these without changing an order. */
export enum PayGovCallbackRejection {
  BadSignature = 'PAYGOV_BAD_SIGNATURE',
  WrongMerchant = 'PAYGOV_WRONG_MERCHANT',
  Malformed = 'PAYGOV_MALFORMED_CALLBACK',
}

/**
 * Reads a result the platform posted. The signature is checked before anything else is
 * believed; the amount is returned, not judged: the caller compares it with the order's,
 * and holds a difference for an officer as for a bank transfer.
 */
export function verifyPayGovCallback(config: PayGovEnabled, secret: string, fields: Readonly<Record<string, string>>): PayGovCallback {
  if (!payGovSignatureValid(fields, secret)) return { ok: false, reason: PayGovCallbackRejection.BadSignature };
  if (fields.merchantCode !== config.merchantCode) return { ok: false, reason: PayGovCallbackRejection.WrongMerchant };
  const { orderReference, amount, status, transactionId, paidAt } = fields;
  const amountVnd = /^[1-9]\d*$/.test(amount ?? '') ? Number(amount) : Number.NaN;
  const when = paidAt === undefined ? undefined : fromVietnamTimestamp(paidAt);
  if (!orderReference || !Number.isSafeInteger(amountVnd) || (status !== 'success' && status !== 'failed') || !transactionId || !when) {
    return { ok: false, reason: PayGovCallbackRejection.Malformed };
  }
  return { ok: true, orderReference, amountVnd, status: status === 'success' ? 'paid' : 'failed', gatewayRef: transactionId, paidAt: when };
}

/** yyyyMMddHHmmss in Vietnam time, the timestamp form Vietnamese gateways exchange. */
export function vietnamTimestamp(instant: Date): string {
  const { year, month, day, clock } = vietnamTime(instant);
  return `${year}${month}${day}${clock.replace(/:/g, '')}`;
}

function fromVietnamTimestamp(text: string): Date | undefined {
  const parts = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!parts) return undefined;
  const instant = new Date(`${parts[1]}-${parts[2]}-${parts[3]}T${parts[4]}:${parts[5]}:${parts[6]}+07:00`);
  return Number.isNaN(instant.getTime()) || vietnamTimestamp(instant) !== text ? undefined : instant;
}
