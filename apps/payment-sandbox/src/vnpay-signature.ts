import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The sandbox's own copy of VNPay's signing, written apart from the payment service's adapter on
 * purpose: a simulator sharing the merchant's code would agree with any mistake in it.
 *
 * VNPay's signed query: every `vnp_*` parameter except the hash itself, sorted by name, each
 * name and value URL-encoded (spaces as `+`, as VNPay's reference code does) and joined
 * `k=v&…`, then HMAC-SHA512 with the merchant's secret, in hex.
 */
export function vnpayCanonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name.startsWith('vnp_') && name !== 'vnp_SecureHash' && name !== 'vnp_SecureHashType' && params[name] !== '')
    .sort()
    .map((name) => `${encode(name)}=${encode(params[name])}`)
    .join('&');
}

export function vnpaySign(params: Readonly<Record<string, string>>, secret: string): string {
  return createHmac('sha512', secret).update(vnpayCanonicalQuery(params), 'utf8').digest('hex');
}

/** Constant time, so a forger learns nothing from how long a refusal takes. */
export function vnpaySignatureValid(params: Readonly<Record<string, string>>, secret: string): boolean {
  const given = params.vnp_SecureHash;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(vnpaySign(params, secret), 'hex'));
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}
