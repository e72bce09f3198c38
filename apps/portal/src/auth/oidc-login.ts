import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { TokenVerifier, type Principal } from '@app/platform';
import type { PortalEnvironment } from '../portal-environment';
import type { PendingLogin } from './session-cookies';

export interface CompletedLogin {
  readonly principal: Principal;
  readonly name: string;
  readonly accessToken: string;
  readonly idToken: string;
  /** When the access token expires, in seconds since the epoch. */
  readonly expiresAt: number;
}

/** The provider refused, or the round trip did not match what was sent: the user is told to try again. */
export class LoginFailedError extends Error {}

/**
 * The portal as an OpenID Connect relying party (openid-client): authorization code with
 * PKCE, state and nonce, a confidential client. The provider is discovered on first use,
 * so a portal started before its provider still starts, and says so only at login.
 */
export class OidcLogin {
  private configuration: Promise<oidc.Configuration> | undefined;
  private readonly verifier: TokenVerifier;
  private readonly redirectUri: string;
  private readonly postLogoutRedirectUri: string;

  constructor(private readonly env: PortalEnvironment) {
    this.verifier = new TokenVerifier({
      issuer: env.OIDC_ISSUER,
      jwksUrl: env.AUTH_JWKS_URL,
      audience: env.AUTH_AUDIENCE,
      claims: { role: env.AUTH_ROLE_CLAIM, personalId: env.AUTH_PERSONAL_ID_CLAIM, agency: env.AUTH_AGENCY_CLAIM },
    });
    this.redirectUri = new URL('/auth/callback', env.PUBLIC_URL).href;
    this.postLogoutRedirectUri = new URL('/', env.PUBLIC_URL).href;
  }

  async start(returnTo: string): Promise<{ url: string; pending: PendingLogin }> {
    const configuration = await this.discovered();
    const pending: PendingLogin = { codeVerifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), returnTo };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.env.OIDC_SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** `callbackPath`: the callback's path and query as this server received it (behind a proxy, the public origin is PUBLIC_URL's). */
  async finish(callbackPath: string, pending: PendingLogin): Promise<CompletedLogin> {
    const configuration = await this.discovered();
    const callbackUrl = new URL(callbackPath, this.env.PUBLIC_URL);
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new LoginFailedError(error instanceof Error ? error.message : String(error));
    }
    // The same verification the services apply: a token they would refuse logs no one in.
    const principal = await this.verifier.verify(tokens.access_token).catch((error: unknown) => {
      throw new LoginFailedError(`the access token is not one the services accept: ${error instanceof Error ? error.message : String(error)}`);
    });
    const claims = tokens.claims();
    const expiresIn = tokens.expiresIn() ?? 300;
    return {
      principal,
      name: typeof claims?.name === 'string' ? claims.name : principal.subject,
      accessToken: tokens.access_token,
      idToken: tokens.id_token!,
      expiresAt: Math.floor(Date.now() / 1000) + expiresIn,
    };
  }

  /** The provider's logout (RP-initiated), which comes back to the portal's home page. */
  async endSessionUrl(idToken: string | undefined): Promise<string> {
    const configuration = await this.discovered();
    if (!configuration.serverMetadata().end_session_endpoint) return this.postLogoutRedirectUri;
    return oidc.buildEndSessionUrl(configuration, { post_logout_redirect_uri: this.postLogoutRedirectUri, ...(idToken ? { id_token_hint: idToken } : {}) }).href;
  }

  private discovered(): Promise<oidc.Configuration> {
    const execute = this.env.OIDC_ALLOW_HTTP ? [oidc.allowInsecureRequests] : [];
    const backchannel = this.env.OIDC_BACKCHANNEL_URL;
    this.configuration ??= oidc
      .discovery(new URL(this.env.OIDC_ISSUER), this.env.OIDC_CLIENT_ID, readFileSync(this.env.OIDC_CLIENT_SECRET_FILE, 'utf8').trim(), undefined, {
        execute,
        // Kept by the configuration for every later call (token endpoint, JWKS) too.
        ...(backchannel ? { [oidc.customFetch]: backchannelFetch(this.env.OIDC_ISSUER, backchannel) } : {}),
      })
      .catch((error: unknown) => {
        // Not cached: the next login tries the provider again.
        this.configuration = undefined;
        throw new LoginFailedError(`the identity provider ${this.env.OIDC_ISSUER} is unreachable: ${error instanceof Error ? error.message : String(error)}`);
      });
    return this.configuration;
  }
}

/** Rewrites the provider's public origin to the one this server reaches it at. */
function backchannelFetch(issuer: string, backchannel: string): oidc.CustomFetch {
  const from = new URL(issuer).origin;
  const to = new URL(backchannel).origin;
  return (url, options) => fetch(url.startsWith(from) ? `${to}${url.slice(from.length)}` : url, options);
}
