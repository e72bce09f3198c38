import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';

export interface GeneratedSigningKey {
  /** PKCS#8 PEM: what SIGNING_KEY holds. */
  readonly privateKey: string;
  readonly keyId: string;
  /** What the vault's key directory registers under `keyId`. */
  readonly publicJwk: JWK;
}

/** A fresh Ed25519 key for one deployment: the launcher's `.state/`, compose's init step, the tests. */
export async function generateSigningKey(keyId: string): Promise<GeneratedSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { privateKey: await exportPKCS8(privateKey), keyId, publicJwk: { ...(await exportJWK(publicKey)), kid: keyId, alg: 'EdDSA', use: 'sig' } };
}

/** The variables a service reads its signing key from. */
export function signingKeyEnv(key: Pick<GeneratedSigningKey, 'privateKey' | 'keyId'>): { SIGNING_KEY: string; SIGNING_KEY_ID: string } {
  return { SIGNING_KEY: key.privateKey, SIGNING_KEY_ID: key.keyId };
}
