import { randomInt } from 'node:crypto';

/** A random 12-digit personal identification number, so every test citizen is a new one. */
export function randomPersonalId(): string {
  return Array.from({ length: 12 }, () => randomInt(10)).join('');
}
