import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { PERSONAL_ID_PATTERN, type Principal } from './principal';

export interface AuthSettings {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
}

export class InvalidTokenError extends Error {}

/**
 * Verifies a bearer token against the configured issuer's JWKS (VNeID or any OIDC
 * provider in production, the development issuer locally) and maps its claims to a
 * principal. Claims: `role`; `pid` for citizens; `agency` for officers.
 */
export class TokenVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly settings: AuthSettings) {
    this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000 });
  }

  async verify(token: string): Promise<Principal> {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
      }));
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'token rejected');
    }
    return toPrincipal(claims);
  }
}

export function toPrincipal(claims: JWTPayload): Principal {
  const subject = claims.sub;
  if (!subject) throw new InvalidTokenError('token has no subject');
  switch (claims.role) {
    case 'citizen':
      if (typeof claims.pid !== 'string' || !PERSONAL_ID_PATTERN.test(claims.pid)) {
        throw new InvalidTokenError('citizen token lacks a 12-digit personal identification number');
      }
      return { role: 'citizen', subject, personalId: claims.pid };
    case 'officer':
      if (typeof claims.agency !== 'string' || claims.agency.length === 0) throw new InvalidTokenError('officer token lacks an agency');
      return { role: 'officer', subject, agencyCode: claims.agency };
    case 'admin':
      return { role: 'admin', subject };
    default:
      throw new InvalidTokenError('token has no known role');
  }
}
