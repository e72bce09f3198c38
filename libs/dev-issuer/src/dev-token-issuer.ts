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
  ) {}

  static async create(issuer: string, audience: string): Promise<DevTokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const publicJwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
    return new DevTokenIssuer(issuer, audience, privateKey, publicJwk);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  issue(principal: Principal, ttlSeconds = 3_600): Promise<string> {
    const claims =
      principal.role === 'citizen'
        ? { role: principal.role, pid: principal.personalId }
        : principal.role === 'officer'
          ? { role: principal.role, agency: principal.agencyCode }
          : { role: principal.role };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid! })
      .setSubject(principal.subject)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }
}
