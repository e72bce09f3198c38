import type { JWK } from 'jose';
import type { EventKeyResolver, VerificationKey } from './event-signature.verifier';

/** Keys known up front, by source: for tests and for a consumer that trusts a fixed set of producers. */
export class StaticKeyResolver implements EventKeyResolver {
  constructor(private readonly keys: Readonly<Record<string, readonly JWK[]>>) {}

  keyFor(source: string, key: { kid: string; alg: string }): Promise<VerificationKey | undefined> {
    return Promise.resolve(this.keys[source]?.find((jwk) => jwk.kid === key.kid && (jwk.alg === undefined || jwk.alg === key.alg)));
  }
}
