import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@app/platform';

/**
 * Signs tokens for local runs, the demo and the tests. It is never deployed: production
 * points AUTH_ISSUER and AUTH_JWKS_URL at VNeID or another OIDC provider instead.
 */
export class DevTokenIssuer {
  private constructor(
    readonly issuer: string,
    readonly audience: string,
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    /** The same key for the OpenID Provider, so browser logins and test tokens verify alike. */
    readonly signingJwk: JWK,
  ) {}

  static async create(issuer: string, audience: string): Promise<DevTokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    const signingJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    return new DevTokenIssuer(issuer, audience, privateKey, publicJwk, signingJwk);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  issue(principal: Principal, ttlSeconds = 3_600): Promise<string> {
    return new SignJWT(platformClaims(principal))
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid! })
      .setSubject(principal.subject)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }
}

/** The claims the services map to a principal (DEFAULT_CLAIM_NAMES), as VNeID's mapping gives them. */
export function platformClaims(principal: Principal): Record<string, string> {
  switch (principal.role) {
    case 'citizen':
      return { role: principal.role, pid: principal.personalId };
    case 'officer':
      return { role: principal.role, agency: principal.agencyCode };
    case 'admin':
      return { role: principal.role };
  }
}
