import type { PaymentOrder } from '../orders/payment-order.entity';

/** What a gateway says about one order's transaction, from a callback or a query. */
export type GatewayStatus = 'paid' | 'failed' | 'cancelled' | 'pending';

/**
 * A callback's verdict. `authentic: false` is a forgery (bad or missing signature) and is never
 * looked at further; otherwise the fields are what the gateway claims, still to be checked
 * against the stored order (amount, currency) before anything changes.
 */
export type CallbackVerdict =
  | { readonly authentic: false }
  | {
      readonly authentic: true;
      readonly orderId: string;
      /** Whole đồng, already converted from the gateway's own unit. */
      readonly amountVnd: number;
      readonly currency: string;
      readonly status: Exclude<GatewayStatus, 'pending'>;
      readonly transactionNo: string;
      /** The gateway's own codes, for the journal. */
      readonly detail: string;
    };

/** A redirect for an intermediary's page; a bank transfer's instructions for VietQR. */
export type CheckoutAnswer = { readonly redirectUrl: string } | VietQrInstructions;

export interface VietQrInstructions {
  /** The EMVCo payload the QR code encodes. */
  readonly payload: string;
  readonly qrPngDataUrl: string;
  readonly bank: { readonly bin: string; readonly account: string; readonly name: string };
  readonly amountVnd: number;
  /** What the payer's bank carries in the transfer description; it names the order. */
  readonly reference: string;
}

/**
 * One payment intermediary (the sandbox, VietQR, the national platform PayGov…). An adapter
 * only speaks the gateway's protocol: it neither reads nor writes orders, so the state machine
 * and the outbox stay in one place (`OrderTransitions`).
 */
export interface PaymentGateway {
  /** The name in routes and in `payment_order.gateway`: `sandbox`, `vietqr`, `paygov`. */
  readonly name: string;
  /** How the citizen pays `order` before `expiresAt`: a page to go to, or a code to scan (an image may take a promise to draw). */
  checkout(order: PaymentOrder, expiresAt: Date): CheckoutAnswer | Promise<CheckoutAnswer>;
  /** Checks a server-to-server callback's signature and reads what it claims. */
  verifyCallback(params: Readonly<Record<string, string>>): CallbackVerdict;
  /** Asks the gateway what became of `order`, for orders whose callback never came. */
  query(order: PaymentOrder): Promise<GatewayStatus>;
}

/** The injection token of the list of gateways configured in this deployment. */
export const PAYMENT_GATEWAYS = Symbol('PAYMENT_GATEWAYS');

/** Every adapter this build knows and, for those not configured here, why: `GET /gateways` shows it. */
export const GATEWAYS_OFF = Symbol('GATEWAYS_OFF');

export interface GatewayOffReason {
  readonly name: string;
  readonly reason: string;
}
