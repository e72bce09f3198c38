const EMAIL = /[^\s<>"':;,]+@[^\s<>"':;,]+/g;
const PHONE = /(?:\+84|\b0)\d{9}\b/g;

/** Relays quote the address they refuse; operators and logs get the reason without it. */
export function redactAddresses(text: string): string {
  return text.replace(EMAIL, '[address]').replace(PHONE, '[number]');
}
