import { createRemoteJWKSet, errors, type RemoteJWKSet } from 'jose';
import { signerOfSource, type EventSigner } from '@app/contracts';
import type { EventKeyResolver, VerificationKey } from './event-signature.verifier';

/**
 * Keys read from the vault's key directory over HTTP (`/directory/agencies/:code/jwks.json`,
 * `/directory/services/:name/jwks.json`). jose caches each JWKS and refetches it when an
 * unknown kid appears, which is how a rotated key is picked up. The JWKS lists only the
 * keys in force, so validity windows and retirements are the directory's to apply.
 */
export class RemoteJwksKeyResolver implements EventKeyResolver {
  private readonly sets = new Map<string, RemoteJWKSet>();
  private readonly base: string;

  /**
   * `trusted`: the only producers this consumer accepts at all (an intake: `/vault`), or a
   * rule over signers where the list cannot be known in advance (payment: every intake, `EVERY_INTAKE`).
   */
  constructor(
    directoryUrl: string,
    private readonly trusted: readonly string[] | ((signer: EventSigner) => boolean),
  ) {
    this.base = directoryUrl.endsWith('/') ? directoryUrl : `${directoryUrl}/`;
  }

  async keyFor(source: string, key: { kid: string; alg: string }): Promise<VerificationKey | undefined> {
    const signer = signerOfSource(source);
    if (!signer || !(typeof this.trusted === 'function' ? this.trusted(signer) : this.trusted.includes(source))) return undefined;
    const path = signer.kind === 'agency' ? `directory/agencies/${signer.code}/jwks.json` : `directory/services/${signer.name}/jwks.json`;
    let set = this.sets.get(path);
    if (!set) {
      set = createRemoteJWKSet(new URL(path, this.base), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
      this.sets.set(path, set);
    }
    try {
      return await set({ kid: key.kid, alg: key.alg });
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return undefined;
      throw error;
    }
  }
}

/** Any agency's intake, whichever agencies the directory will ever list. */
export const EVERY_INTAKE = (signer: EventSigner): boolean => signer.kind === 'agency';
