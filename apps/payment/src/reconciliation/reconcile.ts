import type { SettlementRow } from './settlement-file';

/** An order as the payment service holds it; `state` 'paid' is the one the gateway must have settled. */
export interface ReconcilableOrder {
  id: string;
  reference: string;
  amountVnd: number;
  state: string;
  gatewayRef: string | null;
  paidAt: Date | null;
  dossierId?: string | null;
}

export interface MatchedPayment {
  order: ReconcilableOrder;
  settlement: SettlementRow;
}

export type Mismatch =
  /** The gateway settled money for an order unknown here, not paid here, or under another transaction. */
  | { kind: 'paid_at_gateway_not_here'; reason: 'unknown_reference' | 'order_not_paid' | 'gateway_ref_differs'; settlement: SettlementRow; order?: ReconcilableOrder }
  /** Paid here, but no successful settlement of its transaction. */
  | { kind: 'here_not_settled'; order: ReconcilableOrder }
  | { kind: 'amount_differs'; order: ReconcilableOrder; settlement: SettlementRow }
  /** More than one successful settlement for one order: the payer may have been charged twice. */
  | { kind: 'duplicate_settlement'; orderReference: string; settlements: SettlementRow[]; order?: ReconcilableOrder };

export type MismatchKind = Mismatch['kind'];

export interface ReconciliationReport {
  matched: MatchedPayment[];
  mismatches: Mismatch[];
}

const PAID = 'paid';

/**
 * Compares the orders paid here with what the gateway says it settled, over the same days:
 * the caller passes the orders paid (or open) in the range and the settlement rows of the
 * range. Only an exact match — one successful row, the same transaction, the same amount —
 * counts as reconciled; everything else is a mismatch for an officer, each listed once.
 * Failed rows settle nothing and are not reported on their own.
 */
export function reconcile(orders: readonly ReconcilableOrder[], settled: readonly SettlementRow[]): ReconciliationReport {
  const orderByReference = new Map(orders.map((order) => [order.reference, order]));
  const successes = new Map<string, SettlementRow[]>();
  for (const row of settled) {
    if (row.status !== 'success') continue;
    successes.set(row.orderReference, [...(successes.get(row.orderReference) ?? []), row]);
  }

  const matched: MatchedPayment[] = [];
  const mismatches: Mismatch[] = [];
  const settledOrders = new Set<string>();
  for (const [orderReference, rows] of successes) {
    const order = orderByReference.get(orderReference);
    if (rows.length > 1) {
      mismatches.push({ kind: 'duplicate_settlement', orderReference, settlements: rows, ...(order ? { order } : {}) });
      if (order) settledOrders.add(order.id);
      continue;
    }
    const [settlement] = rows;
    if (!order) {
      mismatches.push({ kind: 'paid_at_gateway_not_here', reason: 'unknown_reference', settlement });
    } else if (order.state !== PAID) {
      mismatches.push({ kind: 'paid_at_gateway_not_here', reason: 'order_not_paid', settlement, order });
    } else if (order.gatewayRef !== null && order.gatewayRef !== settlement.gatewayRef) {
      mismatches.push({ kind: 'paid_at_gateway_not_here', reason: 'gateway_ref_differs', settlement, order });
    } else {
      settledOrders.add(order.id);
      if (settlement.amountVnd !== order.amountVnd) mismatches.push({ kind: 'amount_differs', order, settlement });
      else matched.push({ order, settlement });
    }
  }
  for (const order of orders) {
    if (order.state === PAID && !settledOrders.has(order.id)) mismatches.push({ kind: 'here_not_settled', order });
  }
  return { matched, mismatches };
}
