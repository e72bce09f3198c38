const PREFIX = 'DVC';
const HEX_DIGITS = 22;

/**
 * The transfer reference of an order: "DVC" and the first 22 hex digits of its id, upper case,
 * 25 characters in all — VietQR's purpose field keeps A–Z and 0–9 up to 25, and 88 bits of a
 * random UUID do not collide among one agency's orders. Stable, so a second checkout shows the
 * same code, and reversible to a lookup without storing it.
 */
export function vietQrReference(orderId: string): string {
  return PREFIX + orderId.replace(/-/g, '').slice(0, HEX_DIGITS).toUpperCase();
}

/** The id prefix (lower-case hex) a reference stands for, or undefined when it is not one of ours. */
export function orderIdPrefixOf(reference: string): string | undefined {
  const match = new RegExp(`^${PREFIX}([0-9A-F]{${HEX_DIGITS}})$`).exec(reference.trim().toUpperCase());
  return match?.[1].toLowerCase();
}
