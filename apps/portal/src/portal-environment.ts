import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The portal's configuration. It has no database and no Kafka: it is a server-rendered front
 * end over the services' HTTP APIs, holding each user's tokens in an encrypted cookie.
 */
export class PortalEnvironment {
  @IsInt()
  @Min(0)
  @Max(65_535)
  HTTP_PORT!: number;

  @IsString()
  HTTP_HOST: string = '127.0.0.1';

  /** Where browsers reach the portal: the OIDC redirect URI and the links in pages derive from it. */
  @IsUrl(URL_OPTIONS)
  PUBLIC_URL!: string;

  /** The OpenID Provider: VNeID in production, the development identity provider locally. */
  @IsNotEmpty()
  OIDC_ISSUER!: string;

  @IsNotEmpty()
  OIDC_CLIENT_ID: string = 'portal';

  /** A file holding the client secret (a Kubernetes Secret mounted read-only), never the secret itself. */
  @IsNotEmpty()
  OIDC_CLIENT_SECRET_FILE!: string;

  /** What to ask for: the provider's scopes that yield an access token for the platform's services. */
  @IsNotEmpty()
  OIDC_SCOPE: string = 'openid profile';

  /**
   * Where this server reaches the provider, when that is not where browsers do (docker-compose:
   * browsers go to localhost, the container to the provider's service name). The issuer stays
   * OIDC_ISSUER; only the portal's own calls (discovery, token, JWKS) go here instead.
   */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  OIDC_BACKCHANNEL_URL?: string;

  /** Plain-HTTP providers are refused unless this says so (the development identity provider). */
  @Transform(({ obj }: { obj: Record<string, unknown> }) => obj.OIDC_ALLOW_HTTP === true || obj.OIDC_ALLOW_HTTP === 'true')
  @IsBoolean()
  OIDC_ALLOW_HTTP: boolean = false;

  /** How the access token is verified, exactly as the services do (JWKS, audience, claim names). */
  @IsUrl(URL_OPTIONS)
  AUTH_JWKS_URL!: string;

  @IsNotEmpty()
  AUTH_AUDIENCE: string = 'once-only-platform';

  @IsNotEmpty() AUTH_ROLE_CLAIM: string = 'role';
  @IsNotEmpty() AUTH_PERSONAL_ID_CLAIM: string = 'pid';
  @IsNotEmpty() AUTH_AGENCY_CLAIM: string = 'agency';

  /** A file holding 32 random bytes, base64: the key that encrypts session cookies. Shared by all replicas. */
  @IsNotEmpty()
  SESSION_KEY_FILE!: string;

  /** The longest a portal session lives, even while the provider would renew it. */
  @IsInt()
  @Min(60)
  SESSION_MAX_AGE_SECONDS: number = 8 * 3_600;

  @IsUrl(URL_OPTIONS) VAULT_URL!: string;
  @IsUrl(URL_OPTIONS) PAYMENT_URL!: string;
  @IsUrl(URL_OPTIONS) NOTIFICATION_URL!: string;

  /** The agencies' intakes: `AGENCY_CODE=url` pairs, comma separated. */
  @IsNotEmpty()
  INTAKE_URLS!: string;

  /** How long a call to a service may take before the page says it is unavailable. */
  @IsOptional()
  @IsInt()
  @Min(500)
  SERVICE_TIMEOUT_MS: number = 10_000;
}

export function intakeUrls(env: PortalEnvironment): Map<string, string> {
  const pairs = env.INTAKE_URLS.split(',').map((pair) => pair.trim()).filter(Boolean);
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`INTAKE_URLS: "${pair}" is not AGENCY_CODE=url`);
    map.set(pair.slice(0, at), pair.slice(at + 1).replace(/\/$/, ''));
  }
  if (map.size === 0) throw new Error('INTAKE_URLS names no intake');
  return map;
}
