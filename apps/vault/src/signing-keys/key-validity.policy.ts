import type { SigningKey } from './signing-key.entity';

export type KeyWindow = Pick<SigningKey, 'notBefore' | 'notAfter' | 'retiredAt'>;

/**
 * Whether an event made at `at` may be trusted under a key. A retired key is trusted for
 * nothing any more, whatever the date the event claims: retiring is what one does with a
 * leaked key, and a leaked key can sign any date. An expired key still vouches for what
 * it signed inside its window, so a replay of old records keeps verifying.
 */
export function keyUsableAt(key: KeyWindow, at: Date): boolean {
  if (key.retiredAt !== null) return false;
  if (at.getTime() < key.notBefore.getTime()) return false;
  return key.notAfter === null || at.getTime() < key.notAfter.getTime();
}
