import { assertOrderMove, canMove, IllegalOrderTransitionError, ORDER_STATUSES, type OrderStatus } from './order-state-machine';

const LEGAL: readonly [OrderStatus, OrderStatus][] = [
  ['created', 'pending'],
  ['created', 'expired'],
  ['created', 'cancelled'],
  ['pending', 'paid'],
  ['pending', 'failed'],
  ['pending', 'cancelled'],
  ['pending', 'expired'],
  ['paid', 'partly_refunded'],
  ['paid', 'refunded'],
  ['partly_refunded', 'partly_refunded'],
  ['partly_refunded', 'refunded'],
];

describe('order state machine', () => {
  it.each(LEGAL)('allows %s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(true);
    expect(() => assertOrderMove(from, to)).not.toThrow();
  });

  it('lets only a desk order be paid without a gateway', () => {
    expect(canMove('created', 'paid', 'in_person')).toBe(true);
    expect(canMove('created', 'paid', 'post')).toBe(true);
    expect(canMove('pending', 'paid', 'in_person')).toBe(true);
    expect(() => assertOrderMove('created', 'paid')).toThrow('the order is created: it cannot become paid');
  });

  it('refuses every other move, naming both states', () => {
    const legal = new Set(LEGAL.map(([from, to]) => `${from}>${to}`));
    const illegal = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const)).filter(([from, to]) => !legal.has(`${from}>${to}`));
    expect(illegal).toHaveLength(ORDER_STATUSES.length ** 2 - LEGAL.length);
    for (const [from, to] of illegal) {
      expect(canMove(from, to)).toBe(false);
      expect(() => assertOrderMove(from, to)).toThrow(IllegalOrderTransitionError);
    }
    expect(() => assertOrderMove('paid', 'failed')).toThrow('the order is paid: it cannot become failed');
  });
});
