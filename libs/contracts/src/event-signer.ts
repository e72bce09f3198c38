import { AGENCY_CODE_PATTERN } from './agency-codes';

/**
 * Who answers for an event: the owner of the key that must have signed it. An intake
 * speaks for its agency (its source is `/intake-<agency code, lower case>`); the vault,
 * payment and notification speak for themselves (`/vault`, …).
 */
export type EventSigner = { readonly kind: 'agency'; readonly code: string } | { readonly kind: 'service'; readonly name: string };

export const SIGNING_SERVICES = ['vault', 'payment', 'notification'] as const;
export type SigningService = (typeof SIGNING_SERVICES)[number];

/** The signer a CloudEvents source claims to be; undefined for a source no key can be registered for. */
export function signerOfSource(source: string): EventSigner | undefined {
  const intake = /^\/intake-(.+)$/.exec(source);
  if (intake) {
    const code = intake[1].toUpperCase();
    // Lower case only: one agency must not be claimable under two spellings of its source.
    return AGENCY_CODE_PATTERN.test(code) && intake[1] === code.toLowerCase() ? { kind: 'agency', code } : undefined;
  }
  const name = source.slice(1);
  return source.startsWith('/') && (SIGNING_SERVICES as readonly string[]).includes(name) ? { kind: 'service', name } : undefined;
}

/** `agency 000.00.12.H26`, `service vault`: how logs and dead letters name a signer. */
export function describeSigner(signer: EventSigner): string {
  return signer.kind === 'agency' ? `agency ${signer.code}` : `service ${signer.name}`;
}
