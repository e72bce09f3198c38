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
        // Asymmetric only: with HS256 allowed, the issuer's public key would be a shared secret anyone has.
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        // jose checks `exp` only when present: a signed token without one would never expire.
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'token rejected');
    }
    return toPrincipal(claims, this.settings.claims);
  }
}

/**
 * One token, one principal. The role says which binding claim it needs, and a token that also
 * carries another role's binding claim (an officer's token with a personal id, say) is refused:
 * it means the provider's claim mapping is not the one configured, and a reader of the raw
 * claims could take the token for someone else.
 */
export function toPrincipal(claims: JWTPayload, names: ClaimNames = DEFAULT_CLAIM_NAMES): Principal {
  // jose checks the types of the registered claims it validates, and `sub` is not one of them.
  const subject: unknown = claims.sub;
  if (typeof subject !== 'string' || subject.length === 0) throw new InvalidTokenError('token has no subject');
  const personalId = claims[names.personalId];
  const agency = claims[names.agency];
  const role = claims[names.role];
  switch (role) {
    case 'citizen':
      if (typeof personalId !== 'string' || !PERSONAL_ID_PATTERN.test(personalId)) {
        throw new InvalidTokenError('citizen token lacks a 12-digit personal identification number');
      }
      refuseForeignClaim(role, agency, 'an agency');
      return { role: 'citizen', subject, personalId };
    case 'officer':
      if (typeof agency !== 'string' || agency.length === 0) throw new InvalidTokenError('officer token lacks an agency');
      refuseForeignClaim(role, personalId, 'a personal identification number');
      return { role: 'officer', subject, agencyCode: agency };
    case 'admin':
      refuseForeignClaim(role, personalId, 'a personal identification number');
      refuseForeignClaim(role, agency, 'an agency');
      return { role: 'admin', subject };
    default:
      throw new InvalidTokenError('token has no known role');
  }
}

function refuseForeignClaim(role: string, value: unknown, what: string): void {
  // An explicit null is a provider saying "none", as good as absent.
  if (value !== undefined && value !== null) throw new InvalidTokenError(`${role} token also carries ${what}`);
}
