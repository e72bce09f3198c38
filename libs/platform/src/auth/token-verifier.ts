import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { PERSONAL_ID_PATTERN, type Principal } from './principal';

/** Which claims carry the role, the citizen's personal identification number and the officer's agency. */
export interface ClaimNames {
  readonly role: string;
  readonly personalId: string;
  readonly agency: string;
}

export const DEFAULT_CLAIM_NAMES: ClaimNames = { role: 'role', personalId: 'pid', agency: 'agency' };

export interface AuthSettings {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
  readonly claims?: ClaimNames;
}

export class InvalidTokenError extends Error {}

/**
 * Verifies a bearer token against the configured issuer's JWKS (VNeID or any OIDC
 * provider in production, the development issuer locally) and maps its claims to a
 * principal. Claims (names configurable, see ClaimNames): `role`; `pid` for citizens; `agency` for officers.
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
    return toPrincipal(claims, this.settings.claims);
  }
}

export function toPrincipal(claims: JWTPayload, names: ClaimNames = DEFAULT_CLAIM_NAMES): Principal {
  const subject = claims.sub;
  if (!subject) throw new InvalidTokenError('token has no subject');
  const personalId = claims[names.personalId];
  const agency = claims[names.agency];
  switch (claims[names.role]) {
    case 'citizen':
      if (typeof personalId !== 'string' || !PERSONAL_ID_PATTERN.test(personalId)) {
        throw new InvalidTokenError('citizen token lacks a 12-digit personal identification number');
      }
      return { role: 'citizen', subject, personalId };
    case 'officer':
      if (typeof agency !== 'string' || agency.length === 0) throw new InvalidTokenError('officer token lacks an agency');
      return { role: 'officer', subject, agencyCode: agency };
    case 'admin':
      return { role: 'admin', subject };
    default:
      throw new InvalidTokenError('token has no known role');
  }
}
