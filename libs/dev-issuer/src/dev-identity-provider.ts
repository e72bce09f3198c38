import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Provider, type Configuration } from 'oidc-provider';
import { platformClaims, type DevTokenIssuer } from './dev-token-issuer';
import type { DevIdentities } from './dev-identities';
import { loginPage, logoutPage } from './dev-identity-pages';

/** A relying party of the development identity provider: the portal, locally or under compose. */
export interface DevOidcClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
}

/** The resource-server scope that asks for an access token the platform's services accept. */
export const PLATFORM_SCOPE = 'platform';
/** The platform's resource indicator (RFC 8707 wants a URI); its tokens carry the services' audience. */
const PLATFORM_RESOURCE = 'urn:once-only-platform:services';

const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/**
 * A real OpenID Provider (oidc-provider, certified) standing in for VNeID: authorization code
 * with PKCE only, the demo people of DevIdentities, and JWT access tokens for the platform's
 * audience, signed with the same key as the test tokens of POST /tokens. What the portal does
 * against it is what it does against VNeID; only the login page and the people are ours.
 */
export function createDevIdentityProvider(issuer: DevTokenIssuer, identities: DevIdentities, clients: readonly DevOidcClient[]): DevIdentityProvider {
  const configuration: Configuration = {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [...client.redirectUris],
      post_logout_redirect_uris: [...client.postLogoutRedirectUris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    })),
    jwks: { keys: [issuer.signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub'], profile: ['name'] },
    // The portal shows the name from the ID token; it never calls userinfo.
    conformIdTokenClaims: false,
    findAccount: (_context, subject) => {
      const identity = identities.bySubjectId(subject);
      return identity ? { accountId: subject, claims: () => ({ sub: subject, name: identity.name }) } : undefined;
    },
    extraTokenClaims: (_context, token) => {
      const identity = 'accountId' in token && typeof token.accountId === 'string' ? identities.bySubjectId(token.accountId) : undefined;
      return identity ? platformClaims(identity.principal) : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: (context, form) => void (context.body = logoutPage(form)) },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => PLATFORM_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: PLATFORM_SCOPE,
          audience: issuer.audience,
          accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    // First-party clients only: the citizen is not asked to consent to the state's own portal.
    loadExistingGrant: async (context) => {
      const { oidc } = context;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(PLATFORM_RESOURCE, PLATFORM_SCOPE);
      await grant.save();
      return grant;
    },
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: ACCESS_TOKEN_TTL_SECONDS, Session: 8 * 3_600, Interaction: 600, Grant: 8 * 3_600, IdToken: 3_600, AuthorizationCode: 60 },
    renderError: (context, out) => {
      context.type = 'html';
      context.body = loginPage({ error: `${out.error}: ${out.error_description ?? ''}`, action: undefined });
    },
  };
  const provider = new Provider(issuer.issuer, configuration);
  // An error at the provider (a bad redirect, a replayed code) is the client's to read, not ours to log.
  provider.on('server_error', () => undefined);
  return new DevIdentityProvider(provider, identities);
}

export class DevIdentityProvider {
  private readonly callback: ReturnType<Provider['callback']>;

  constructor(
    private readonly provider: Provider,
    private readonly identities: DevIdentities,
  ) {
    this.callback = provider.callback();
  }

  /** Serves the login interaction, and hands everything else to the provider. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const interaction = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(path);
    if (!interaction) return void this.callback(request, response);
    try {
      if (request.method === 'GET' && !interaction[2]) return await this.showLogin(request, response, interaction[1]);
      if (request.method === 'POST' && interaction[2] === '/login') return await this.login(request, response, interaction[1]);
      if (request.method === 'GET' && interaction[2] === '/abort') {
        return await this.provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'The user cancelled the login.' }, { mergeWithLastSubmission: false });
      }
      send(response, 405, loginPage({ error: 'Yêu cầu không hợp lệ.', action: undefined }));
    } catch {
      // An unknown or expired interaction: its cookie is gone or it was finished already.
      send(response, 400, loginPage({ error: 'Phiên đăng nhập đã hết hạn. Hãy quay lại cổng dịch vụ và đăng nhập lại.', action: undefined }));
    }
  }

  private async showLogin(request: IncomingMessage, response: ServerResponse, uid: string): Promise<void> {
    const details = await this.provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    send(response, 200, loginPage({ action: `/interaction/${uid}/login`, abort: `/interaction/${uid}/abort` }));
  }

  private async login(request: IncomingMessage, response: ServerResponse, uid: string): Promise<void> {
    const details = await this.provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const form = new URLSearchParams(await readBody(request));
    const username = form.get('username') ?? '';
    const identity = this.identities.authenticate(username, form.get('password') ?? '');
    if (!identity) {
      return send(
        response,
        401,
        loginPage({ action: `/interaction/${uid}/login`, abort: `/interaction/${uid}/abort`, username, error: 'Tên đăng nhập hoặc mật khẩu không đúng.' }),
      );
    }
    await this.provider.interactionFinished(request, response, { login: { accountId: identity.principal.subject } }, { mergeWithLastSubmission: false });
  }
}

function send(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...PAGE_HEADERS }).end(html);
}

/**
 * The login page has no script and no inline style: a strict policy costs it nothing. No
 * form-action: Chromium applies it to the redirects after the post, which go to the client.
 */
export const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

async function readBody(request: IncomingMessage, limit = 16_384): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
