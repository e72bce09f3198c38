import { decodeProtectedHeader, flattenedVerify, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { signingInput, type SignedAttributes } from './signing-input';
import { KEY_ID_PATTERN, SIGNING_ALGORITHMS } from './signing-identity';

export type VerificationKey = CryptoKey | KeyObject | JWK;

/**
 * Where a consumer finds the public keys of the producer an event claims to come from.
 * Each service plugs its own: the vault reads its key directory, an intake the vault's JWKS.
 */
export interface EventKeyResolver {
  /** The key `kid` registered for `source`, usable for an event made at `at`; undefined when there is none. */
  keyFor(source: string, key: { kid: string; alg: string }, at: Date): Promise<VerificationKey | undefined>;
}

export type SignatureVerdict = { readonly valid: true; readonly kid: string; readonly signature: string } | { readonly valid: false; readonly reason: string };

const DETACHED_JWS = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/;

/** Checks an event's detached JWS against the claimed source's registered keys; never throws. */
export async function verifyEventSignature(
  resolver: EventKeyResolver,
  event: SignedAttributes,
  payload: Uint8Array,
  signature: string | undefined,
): Promise<SignatureVerdict> {
  if (!signature) return { valid: false, reason: 'the event is not signed' };
  const parts = DETACHED_JWS.exec(signature);
  if (!parts) return { valid: false, reason: 'the signature is not a detached compact JWS' };
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(signature);
  } catch {
    return { valid: false, reason: 'the signature header cannot be read' };
  }
  // Only the unencoded form: with b64 the signed bytes would not be the payload that travels.
  if (header.b64 !== false || typeof header.kid !== 'string' || typeof header.alg !== 'string') {
    return { valid: false, reason: 'the signature must name its key (kid) and sign the unencoded payload (b64: false)' };
  }
  // Settled here, before any resolver sees them: an algorithm jose cannot select keys for made
  // the JWKS lookup throw (retried for ever as an unreachable directory), and a NUL in a key id
  // made the vault's key lookup fail in PostgreSQL, on every redelivery.
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(header.alg)) {
    return { valid: false, reason: `the signature's algorithm must be one of ${SIGNING_ALGORITHMS.join(', ')}` };
  }
  if (!KEY_ID_PATTERN.test(header.kid)) return { valid: false, reason: 'the signature names a key id no key can have' };
  const at = new Date(event.time);
  if (Number.isNaN(at.getTime())) return { valid: false, reason: 'the event time is not a date' };
  let key: VerificationKey | undefined;
  try {
    key = await resolver.keyFor(event.source, { kid: header.kid, alg: header.alg }, at);
  } catch (error) {
    // A key directory that cannot be reached is a transient failure, not a forgery.
    throw new KeyDirectoryUnavailableError(`keys of ${event.source} cannot be fetched: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!key) return { valid: false, reason: `key ${header.kid} is not a valid key of ${event.source} at ${event.time}` };
  try {
    await flattenedVerify({ protected: parts[1], payload: signingInput(event, payload), signature: parts[2] }, key, { algorithms: [...SIGNING_ALGORITHMS] });
  } catch {
    return { valid: false, reason: `the signature by key ${header.kid} does not match the event` };
  }
  return { valid: true, kid: header.kid, signature };
}

/** The producer's keys could not be looked up: retry later rather than dead-letter a possibly genuine event. */
export class KeyDirectoryUnavailableError extends Error {
  override name = KeyDirectoryUnavailableError.name;
}
