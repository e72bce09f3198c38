import type { PaymentChannel } from './payment-order.entity';

/** Where a payment order can be. `created`: known, not yet at a gateway; `pending`: the citizen is at one. */
export const ORDER_STATUSES = ['created', 'pending', 'paid', 'failed', 'cancelled', 'expired', 'partly_refunded', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The outcomes that end an attempt without money: each is published as `PaymentFailed`. */
export const FAILED_OUTCOMES = ['failed', 'cancelled', 'expired'] as const;
export type FailedOutcome = (typeof FAILED_OUTCOMES)[number];

/**
 * The order lifecycle as one table, so the rules are read (and tested) in one place. Nothing
 * leads back from `paid`: a late failure report cannot undo money received, only a refund can.
 */
export const ORDER_MOVES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  created: ['pending', 'paid', 'expired', 'cancelled'],
  pending: ['paid', 'failed', 'cancelled', 'expired'],
  paid: ['partly_refunded', 'refunded'],
  partly_refunded: ['partly_refunded', 'refunded'],
  failed: [],
  cancelled: [],
  expired: [],
  refunded: [],
};

/** The states whose clock runs: an order in one of them expires after ORDER_TTL_MS. */
export const UNPAID_STATUSES: readonly OrderStatus[] = ['created', 'pending'];

export class IllegalOrderTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`the order is ${from.replace(/_/g, ' ')}: it cannot become ${to.replace(/_/g, ' ')}`);
    this.name = IllegalOrderTransitionError.name;
  }
}

/**
 * `created → paid` is the desk's move: a level 3 fee is paid in person or by post and never sees
 * a gateway (Circular 32/2017), while an online order is paid only through one (`pending`).
 */
const DESK_ONLY_MOVES: readonly (readonly [OrderStatus, OrderStatus])[] = [['created', 'paid']];

export function canMove(from: OrderStatus, to: OrderStatus, channel: PaymentChannel = 'online'): boolean {
  if (channel === 'online' && DESK_ONLY_MOVES.some(([deskFrom, deskTo]) => deskFrom === from && deskTo === to)) return false;
  return ORDER_MOVES[from].includes(to);
}

export function assertOrderMove(from: OrderStatus, to: OrderStatus, channel: PaymentChannel = 'online'): void {
  if (!canMove(from, to, channel)) throw new IllegalOrderTransitionError(from, to);
}

export function isFailedOutcome(status: OrderStatus): status is FailedOutcome {
  return (FAILED_OUTCOMES as readonly string[]).includes(status);
}
