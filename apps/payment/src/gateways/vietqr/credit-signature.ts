import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A bank's credit notification is signed like VNPay's messages: every field but `signature`,
 * sorted by name, `name=value` URL-encoded and joined with `&`, HMAC-SHA512 with the shared
 * key, lower-case hex. Values are strings, amounts included, so there is one canonical form.
 */
export function creditCanonical(fields: Readonly<Record<string, string>>): string {
  return Object.keys(fields)
    .filter((name) => name !== 'signature')
    .sort()
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(fields[name])}`)
    .join('&');
}

/** Constant time, so a forger learns nothing from how long a refusal takes. */
export function creditSignatureValid(fields: Readonly<Record<string, string>>, secret: string): boolean {
  const given = fields.signature;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  const expected = createHmac('sha512', secret).update(creditCanonical(fields), 'utf8').digest();
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), expected);
}
