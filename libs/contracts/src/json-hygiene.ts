/** Deeper than any event payload needs (the deepest nests twice); class-transformer recurses once per level. */
export const MAX_PAYLOAD_DEPTH = 32;

/** Keys that reach an object's prototype; no event declares them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What the contract classes cannot be trusted to refuse in a parsed payload, or undefined:
 * a prototype key (class-transformer drops `__proto__` without a word, so `forbidNonWhitelisted`
 * never sees it and the event is accepted, while the payload text, which the vault keeps as
 * evidence, still carries whatever it held: a personalId, say), nesting deeper than
 * MAX_PAYLOAD_DEPTH, and a NUL, which PostgreSQL text cannot hold. The HTTP side refuses the
 * same (`assertSafeInput`). Iterative, so no depth overflows the stack here.
 */
export function payloadHygieneProblem(raw: unknown): string | undefined {
  const pending: { value: unknown; depth: number; path: string }[] = [{ value: raw, depth: 0, path: '' }];
  while (pending.length > 0) {
    const { value, depth, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return `${path || 'the payload'} contains a NUL character`;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_PAYLOAD_DEPTH) return `the payload is nested more than ${MAX_PAYLOAD_DEPTH} levels deep`;
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return `property ${at} should not exist`;
      if (key.includes('\u0000')) return `${at} contains a NUL character`;
      pending.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: at });
    }
  }
  return undefined;
}
