import { writeCsv } from './csv';
import type { MismatchKind, ReconcilableOrder, ReconciliationReport } from './reconcile';
import type { SettlementRow } from './settlement-file';

/** One line an officer reads: an order, a settlement row, or both, and what came of comparing them. */
export interface ReconciliationLine {
  result: 'matched' | MismatchKind;
  /** Why a settlement is not ours, for 'paid_at_gateway_not_here'. */
  detail: string | null;
  orderId: string | null;
  orderReference: string;
  dossierId: string | null;
  state: string | null;
  amountVnd: number | null;
  settledAmountVnd: number | null;
  feeVnd: number | null;
  gatewayRef: string | null;
  settledGatewayRef: string | null;
  paidAt: string | null;
  settlementDate: string | null;
}

export interface ReconciliationView {
  /** The settlement days covered, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
  totals: { matched: number; mismatches: number; settledAmountVnd: number; feeVnd: number; netVnd: number };
  lines: ReconciliationLine[];
}

/** The JSON an officer's reconciliation screen shows: matched lines first, then each mismatch. */
export function reconciliationView(report: ReconciliationReport, range: { from: string; to: string }): ReconciliationView {
  const lines = reconciliationLines(report);
  const settledAmountVnd = report.matched.reduce((sum, { settlement }) => sum + settlement.amountVnd, 0);
  const feeVnd = report.matched.reduce((sum, { settlement }) => sum + settlement.feeVnd, 0);
  return {
    ...range,
    totals: { matched: report.matched.length, mismatches: report.mismatches.length, settledAmountVnd, feeVnd, netVnd: settledAmountVnd - feeVnd },
    lines,
  };
}

const CSV_COLUMNS: (keyof ReconciliationLine)[] = ['result', 'detail', 'orderId', 'orderReference', 'dossierId', 'state', 'amountVnd', 'settledAmountVnd', 'feeVnd', 'gatewayRef', 'settledGatewayRef', 'paidAt', 'settlementDate'];

/**
 * The same lines as CSV for a spreadsheet, with a BOM so that Excel reads the UTF-8.
 * References come from outside (the gateway's file), so a field a spreadsheet would run as a
 * formula (=, +, -, @) is prefixed with an apostrophe (OWASP's CSV injection advice).
 */
export function reconciliationCsv(report: ReconciliationReport): string {
  const rows = reconciliationLines(report).map((line) => CSV_COLUMNS.map((column) => inert(line[column] === null ? '' : String(line[column]))));
  return `\uFEFF${writeCsv([CSV_COLUMNS, ...rows])}`;
}

function reconciliationLines(report: ReconciliationReport): ReconciliationLine[] {
  const lines = report.matched.map(({ order, settlement }) => line('matched', order, settlement));
  for (const mismatch of report.mismatches) {
    switch (mismatch.kind) {
      case 'paid_at_gateway_not_here':
        lines.push({ ...line(mismatch.kind, mismatch.order, mismatch.settlement), detail: mismatch.reason });
        break;
      case 'here_not_settled':
        lines.push(line(mismatch.kind, mismatch.order, undefined));
        break;
      case 'amount_differs':
        lines.push(line(mismatch.kind, mismatch.order, mismatch.settlement));
        break;
      case 'duplicate_settlement':
        for (const settlement of mismatch.settlements) lines.push(line(mismatch.kind, mismatch.order, settlement));
        break;
    }
  }
  return lines;
}

function line(result: ReconciliationLine['result'], order: ReconcilableOrder | undefined, settlement: SettlementRow | undefined): ReconciliationLine {
  return {
    result,
    detail: null,
    orderId: order?.id ?? null,
    orderReference: order?.reference ?? settlement?.orderReference ?? '',
    dossierId: order?.dossierId ?? null,
    state: order?.state ?? null,
    amountVnd: order?.amountVnd ?? null,
    settledAmountVnd: settlement?.amountVnd ?? null,
    feeVnd: settlement?.feeVnd ?? null,
    gatewayRef: order?.gatewayRef ?? null,
    settledGatewayRef: settlement?.gatewayRef ?? null,
    paidAt: order?.paidAt?.toISOString() ?? null,
    settlementDate: settlement?.settlementDate ?? null,
  };
}

/** A field a spreadsheet would run as a formula, made text. */
export function inert(field: string): string {
  return /^[=+\-@\t\r]/.test(field) ? `'${field}` : field;
}
