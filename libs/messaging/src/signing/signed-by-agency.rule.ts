import { signerOfSource } from '@app/contracts';
import { UnrecoverableEventError } from '../consumer/unrecoverable-event.error';

/**
 * An intake speaks only for its own agency. The signature proves which deployment sent the
 * event; this refuses the event when the agency in its payload is another one, which is what
 * every intake writing the same topics could otherwise claim.
 */
export function signedByAgency(source: string, agencyCode: string): boolean {
  const signer = signerOfSource(source);
  return signer?.kind === 'agency' && signer.code === agencyCode;
}

export function assertSignedByAgency(source: string, agencyCode: string): void {
  if (!signedByAgency(source, agencyCode)) throw new UnrecoverableEventError(`${source} may not speak for agency ${agencyCode}`);
}
