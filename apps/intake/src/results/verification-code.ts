import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper stays itself.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const VERIFICATION_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** Twelve symbols, 60 random bits: printed on the result and too many to guess. */
export function newVerificationCode(): string {
  const bytes = randomBytes(12);
  const symbols = [...bytes].map((byte) => ALPHABET[byte % 32]);
  return [0, 4, 8].map((start) => symbols.slice(start, start + 4).join('')).join('-');
}

/** What a person typed, as the code it means: case and the easily confused letters forgiven. */
export function normaliseVerificationCode(typed: string): string {
  return typed.trim().toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
}
