/**
 * How a recipient's due messages on one channel become sends, given how many sends the
 * window still allows: one send each while the budget lasts, the rest coalesced into one
 * digest that takes the last place. Nothing is dropped; with no budget left, nothing is sent now.
 */
export function planSends<T>(due: readonly T[], budget: number): { singles: T[]; digest: T[] } {
  if (budget <= 0 || due.length === 0) return { singles: [], digest: [] };
  if (due.length <= budget) return { singles: [...due], digest: [] };
  return { singles: due.slice(0, budget - 1), digest: due.slice(budget - 1) };
}
