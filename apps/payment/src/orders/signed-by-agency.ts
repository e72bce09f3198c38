import { signerOfSource } from '@app/contracts';
import { UnrecoverableEventError } from '@app/messaging';

/**
 * An intake speaks only for its own agency. Every intake's key is trusted here, so the
 * signature alone proves which desk sent a request; this refuses one whose payload names
 * another agency, which any intake could otherwise claim (the vault applies the same rule).
 */
export function assertSignedByAgency(source: string, agencyCode: string): void {
  const signer = signerOfSource(source);
  if (signer?.kind !== 'agency' || signer.code !== agencyCode) throw new UnrecoverableEventError(`${source} may not speak for agency ${agencyCode}`);
}
