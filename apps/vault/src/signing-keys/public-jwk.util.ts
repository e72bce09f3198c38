import { importJWK, type JWK } from 'jose';

/**
 * The registrable form of a public JWK: only the members that define the key, plus its id
 * and algorithm. Undefined with the reason when it is not a public Ed25519 or P-256 key.
 */
export async function normalisePublicJwk(jwk: JWK, kid: string): Promise<{ jwk: JWK } | { problem: string }> {
  if ('d' in jwk) return { problem: 'it holds a private member (d); send only the public key' };
  if (jwk.kid !== undefined && jwk.kid !== kid) return { problem: `its kid ${jwk.kid} is not the ${kid} of the path` };
  let key: JWK;
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') key = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, alg: 'EdDSA' };
  else if (jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string') {
    key = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, alg: 'ES256' };
  } else return { problem: 'only OKP/Ed25519 and EC/P-256 keys are accepted' };
  try {
    await importJWK(key, key.alg);
  } catch {
    return { problem: 'its coordinates are not a valid point' };
  }
  return { jwk: { ...key, kid, use: 'sig' } };
}

/** Same key material, whatever the id, use or member order. */
export function sameKey(a: JWK, b: JWK): boolean {
  return a.kty === b.kty && a.crv === b.crv && a.x === b.x && a.y === b.y;
}
