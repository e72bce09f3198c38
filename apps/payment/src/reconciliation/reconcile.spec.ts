import { reconcile, type ReconcilableOrder } from './reconcile';
import type { SettlementRow } from './settlement-file';

const order = (reference: string, overrides: Partial<ReconcilableOrder> = {}): ReconcilableOrder => ({
  id: `order-${reference}`,
  reference,
  amountVnd: 205_000,
  state: 'paid',
  gatewayRef: `SBX-${reference}`,
  paidAt: new Date('2026-12-02T03:00:00Z'),
  dossierId: `dossier-${reference}`,
  ...overrides,
});
const settlement = (reference: string, overrides: Partial<SettlementRow> = {}): SettlementRow => ({
  settlementDate: '2026-12-02',
  gatewayRef: `SBX-${reference}`,
  orderReference: reference,
  amountVnd: 205_000,
  feeVnd: 2_255,
  status: 'success',
  ...overrides,
});

describe(reconcile.name, () => {
  it('matches every paid order with its one settlement when both sides agree', () => {
    const orders = [order('A'), order('B', { amountVnd: 50_000 })];
    const rows = [settlement('A'), settlement('B', { amountVnd: 50_000, feeVnd: 550 })];
    expect(reconcile(orders, rows)).toEqual({ matched: [{ order: orders[0], settlement: rows[0] }, { order: orders[1], settlement: rows[1] }], mismatches: [] });
  });

  it('ignores orders not paid here that the gateway did not settle, and failed rows', () => {
    expect(reconcile([order('A', { state: 'pending', gatewayRef: null, paidAt: null })], [settlement('A', { status: 'failed' })])).toEqual({ matched: [], mismatches: [] });
  });

  it.each<[string, ReconcilableOrder[], SettlementRow[], unknown[]]>([
    ['a settlement for a reference unknown here', [], [settlement('X')], [{ kind: 'paid_at_gateway_not_here', reason: 'unknown_reference', settlement: settlement('X') }]],
    [
      'a settlement for an order still pending here',
      [order('A', { state: 'pending', gatewayRef: null, paidAt: null })],
      [settlement('A')],
      [{ kind: 'paid_at_gateway_not_here', reason: 'order_not_paid', settlement: settlement('A'), order: order('A', { state: 'pending', gatewayRef: null, paidAt: null }) }],
    ],
    [
      'a settlement under another transaction than the one recorded here, which leaves ours unsettled',
      [order('A')],
      [settlement('A', { gatewayRef: 'SBX-OTHER' })],
      [
        { kind: 'paid_at_gateway_not_here', reason: 'gateway_ref_differs', settlement: settlement('A', { gatewayRef: 'SBX-OTHER' }), order: order('A') },
        { kind: 'here_not_settled', order: order('A') },
      ],
    ],
    ['a paid order the gateway did not settle', [order('A')], [], [{ kind: 'here_not_settled', order: order('A') }]],
    ['a paid order whose only row failed', [order('A')], [settlement('A', { status: 'failed' })], [{ kind: 'here_not_settled', order: order('A') }]],
    ['a settled amount one đồng short', [order('A')], [settlement('A', { amountVnd: 204_999 })], [{ kind: 'amount_differs', order: order('A'), settlement: settlement('A', { amountVnd: 204_999 }) }]],
    [
      'two successful settlements of one order',
      [order('A')],
      [settlement('A'), settlement('A', { gatewayRef: 'SBX-A2' })],
      [{ kind: 'duplicate_settlement', orderReference: 'A', settlements: [settlement('A'), settlement('A', { gatewayRef: 'SBX-A2' })], order: order('A') }],
    ],
    ['the same row twice for a reference unknown here', [], [settlement('X'), settlement('X')], [{ kind: 'duplicate_settlement', orderReference: 'X', settlements: [settlement('X'), settlement('X')] }]],
  ])('reports %s', (_case, orders, rows, mismatches) => {
    expect(reconcile(orders, rows)).toEqual({ matched: [], mismatches });
  });

  it('finds one mismatch of each kind injected among good payments, and matches the rest', () => {
    const orders = [order('OK1'), order('OK2'), order('SHORT'), order('LOST'), order('TWICE'), order('OPEN', { state: 'pending', gatewayRef: null, paidAt: null })];
    const rows = [settlement('OK1'), settlement('OK2'), settlement('SHORT', { amountVnd: 200_000 }), settlement('TWICE'), settlement('TWICE', { gatewayRef: 'SBX-T2' }), settlement('OPEN'), settlement('STRANGER')];
    const report = reconcile(orders, rows);
    expect(report.matched.map((match) => match.order.reference)).toEqual(['OK1', 'OK2']);
    expect(report.mismatches.map((mismatch) => [mismatch.kind, 'order' in mismatch && mismatch.order ? mismatch.order.reference : null])).toEqual([
      ['amount_differs', 'SHORT'],
      ['duplicate_settlement', 'TWICE'],
      ['paid_at_gateway_not_here', 'OPEN'],
      ['paid_at_gateway_not_here', null],
      ['here_not_settled', 'LOST'],
    ]);
  });
});
