import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature scheme, ASSUMED until the operator's specification confirms it: HMAC-SHA256
 * with the shared key over `key=value` pairs sorted by key and joined with `&`, the
 * signature field itself left out, lower-case hex. Vietnamese gateways publish schemes of
 * this shape (VNPay's vnp_SecureHash with HMAC-SHA512, AppotaPay's signature with
 * HMAC-SHA256); the platform's hash, field list or encoding may differ.
 */
export function payGovCanonical(fields: Readonly<Record<string, string>>): string {
  return Object.keys(fields)
    .filter((key) => key !== 'signature')
    .sort()
    .map((key) => `${key}=${fields[key].normalize('NFC')}`)
    .join('&');
}

export function payGovSign(fields: Readonly<Record<string, string>>, secret: string): string {
  return createHmac('sha256', secret).update(payGovCanonical(fields), 'utf8').digest('hex');
}

/** Constant time, so a forger cannot learn the signature byte by byte from response times. */
export function payGovSignatureValid(fields: Readonly<Record<string, string>>, secret: string): boolean {
  const given = fields.signature;
  if (given === undefined || !/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(payGovSign(fields, secret), 'hex'));
}
