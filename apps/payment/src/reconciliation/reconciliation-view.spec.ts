import { parseCsv } from './csv';
import { reconcile, type ReconcilableOrder } from './reconcile';
import { reconciliationCsv, reconciliationView } from './reconciliation-view';
import type { SettlementRow } from './settlement-file';

const orders: ReconcilableOrder[] = [
  { id: 'o1', reference: 'HS1', amountVnd: 205_000, state: 'paid', gatewayRef: 'SBX-1', paidAt: new Date('2026-12-02T03:00:00Z'), dossierId: 'd1' },
  { id: 'o2', reference: 'HS2', amountVnd: 50_000, state: 'paid', gatewayRef: 'SBX-2', paidAt: new Date('2026-12-02T04:00:00Z'), dossierId: 'd2' },
  { id: 'o3', reference: 'HS3', amountVnd: 10_000, state: 'paid', gatewayRef: 'SBX-3', paidAt: new Date('2026-12-02T05:00:00Z'), dossierId: null },
];
const rows: SettlementRow[] = [
  { settlementDate: '2026-12-02', gatewayRef: 'SBX-1', orderReference: 'HS1', amountVnd: 205_000, feeVnd: 2_255, status: 'success' },
  { settlementDate: '2026-12-02', gatewayRef: 'SBX-2', orderReference: 'HS2', amountVnd: 40_000, feeVnd: 440, status: 'success' },
  { settlementDate: '2026-12-02', gatewayRef: '=HYPERLINK("x")', orderReference: 'HS9', amountVnd: 1_000, feeVnd: 0, status: 'success' },
];
const report = reconcile(orders, rows);

describe(reconciliationView.name, () => {
  it('totals what was settled and lists the matched line, then each mismatch, with order and gateway sides', () => {
    const view = reconciliationView(report, { from: '2026-12-02', to: '2026-12-02' });
    expect(view.totals).toEqual({ matched: 1, mismatches: 3, settledAmountVnd: 205_000, feeVnd: 2_255, netVnd: 202_745 });
    expect(view.lines).toEqual([
      { result: 'matched', detail: null, orderId: 'o1', orderReference: 'HS1', dossierId: 'd1', state: 'paid', amountVnd: 205_000, settledAmountVnd: 205_000, feeVnd: 2_255, gatewayRef: 'SBX-1', settledGatewayRef: 'SBX-1', paidAt: '2026-12-02T03:00:00.000Z', settlementDate: '2026-12-02' },
      { result: 'amount_differs', detail: null, orderId: 'o2', orderReference: 'HS2', dossierId: 'd2', state: 'paid', amountVnd: 50_000, settledAmountVnd: 40_000, feeVnd: 440, gatewayRef: 'SBX-2', settledGatewayRef: 'SBX-2', paidAt: '2026-12-02T04:00:00.000Z', settlementDate: '2026-12-02' },
      { result: 'paid_at_gateway_not_here', detail: 'unknown_reference', orderId: null, orderReference: 'HS9', dossierId: null, state: null, amountVnd: null, settledAmountVnd: 1_000, feeVnd: 0, gatewayRef: null, settledGatewayRef: '=HYPERLINK("x")', paidAt: null, settlementDate: '2026-12-02' },
      { result: 'here_not_settled', detail: null, orderId: 'o3', orderReference: 'HS3', dossierId: null, state: 'paid', amountVnd: 10_000, settledAmountVnd: null, feeVnd: null, gatewayRef: 'SBX-3', settledGatewayRef: null, paidAt: '2026-12-02T05:00:00.000Z', settlementDate: null },
    ]);
  });
});

describe(reconciliationCsv.name, () => {
  it('writes the same lines as CSV with a BOM, and defuses a field a spreadsheet would run as a formula', () => {
    const csv = reconciliationCsv(report);
    expect(csv.startsWith('\uFEFFresult,detail,orderId,orderReference,dossierId,state,amountVnd,settledAmountVnd,feeVnd,gatewayRef,settledGatewayRef,paidAt,settlementDate\r\n')).toBe(true);
    const records = parseCsv(csv).map((record) => record.fields);
    expect(records).toHaveLength(5);
    expect(records[1]).toEqual(['matched', '', 'o1', 'HS1', 'd1', 'paid', '205000', '205000', '2255', 'SBX-1', 'SBX-1', '2026-12-02T03:00:00.000Z', '2026-12-02']);
    expect(records[3][10]).toBe(`'=HYPERLINK("x")`);
  });
});
