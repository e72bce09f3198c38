import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { FlattenedSign, type JWK } from 'jose';
import { signingInput, type SignedAttributes } from './signing-input';

export type SigningAlgorithm = 'EdDSA' | 'ES256';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['EdDSA', 'ES256'];

/** What a key id may be: plain enough for a file name, a URL, a log line and a database key. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export interface SigningSettings {
  /** PKCS#8 PEM or a private JWK (JSON). */
  readonly privateKey: string;
  readonly keyId: string;
  /** The configuration variable the key came from, named when it is unusable. */
  readonly variable?: string;
}

/** A key given by configuration that cannot sign: the service must not start with it. */
export class InvalidSigningKeyError extends Error {
  override name = InvalidSigningKeyError.name;
}

/**
 * This deployment's private signing key and its key id. Ed25519 (EdDSA) or P-256 (ES256);
 * jose signs, node:crypto only parses the configured key.
 */
export class SigningIdentity {
  private constructor(
    private readonly key: KeyObject,
    readonly keyId: string,
    readonly algorithm: SigningAlgorithm,
  ) {}

  static load(settings: SigningSettings): SigningIdentity {
    const variable = settings.variable ?? 'SIGNING_KEY';
    let key: KeyObject;
    try {
      const text = settings.privateKey.trim();
      key = text.startsWith('{') ? createPrivateKey({ key: JSON.parse(text) as JWK & { kty: string }, format: 'jwk' }) : createPrivateKey({ key: text, format: 'pem' });
    } catch {
      throw new InvalidSigningKeyError(`${variable} is not a private key (expected a PKCS#8 PEM or a private JWK)`);
    }
    const algorithm = algorithmOf(key);
    if (!algorithm) throw new InvalidSigningKeyError(`${variable} must be an Ed25519 or a P-256 private key`);
    if (!KEY_ID_PATTERN.test(settings.keyId)) throw new InvalidSigningKeyError(`SIGNING_KEY_ID must be 1 to 200 letters, digits, dots, colons, dashes or underscores`);
    return new SigningIdentity(key, settings.keyId, algorithm);
  }

  /** A detached compact JWS (RFC 7515 appendix F, with RFC 7797's unencoded payload) over the event and its exact payload. */
  async sign(event: SignedAttributes, payload: Uint8Array): Promise<string> {
    const jws = await new FlattenedSign(signingInput(event, payload))
      .setProtectedHeader({ alg: this.algorithm, kid: this.keyId, b64: false, crit: ['b64'] })
      .sign(this.key);
    return `${jws.protected}..${jws.signature}`;
  }

  /** What the key directory registers for this deployment. */
  publicJwk(): JWK {
    const jwk = createPublicKey(this.key).export({ format: 'jwk' }) as JWK;
    return { ...jwk, kid: this.keyId, alg: this.algorithm, use: 'sig' };
  }
}

function algorithmOf(key: KeyObject): SigningAlgorithm | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  return undefined;
}
