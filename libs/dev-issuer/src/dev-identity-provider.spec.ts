import * as oidc from 'openid-client';
import { TokenVerifier } from '@app/platform';
import { DevIdentities } from './dev-identities';
import { serveDevIssuer, type RunningDevIssuer } from './dev-issuer.server';

const CALLBACK = 'http://localhost:9/auth/callback';
const SECRET = 'portal-client-secret-for-this-test-only';

/** A user agent without a browser: follows the provider's redirects by hand and keeps its cookies. */
class CookieAgent {
  private readonly jar = new Map<string, string>();

  constructor(private readonly base: string) {}

  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(url, this.base), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }

  /** Follows redirects at the provider until one leaves it, and returns where that goes. */
  async followToClient(response: Response): Promise<string> {
    let location = response.headers.get('location');
    while (location && !location.startsWith('http://localhost:9')) location = (await this.go(location)).headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${response.status}`);
    return location;
  }
}

describe('the development identity provider', () => {
  let running: RunningDevIssuer;
  let config: oidc.Configuration;

  beforeAll(async () => {
    running = await serveDevIssuer({
      identities: DevIdentities.fromFile('deploy/seed/dev-identities.json'),
      clients: [{ clientId: 'portal', clientSecret: SECRET, redirectUris: [CALLBACK], postLogoutRedirectUris: ['http://localhost:9/'] }],
    });
    config = await oidc.discovery(new URL(running.url), 'portal', SECRET, undefined, { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(() => running.stop());

  async function startLogin(agent: CookieAgent, verifier: string, state: string): Promise<string> {
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const login = await agent.go((await agent.go(url.href)).headers.get('location')!);
    const html = await login.text();
    return /action="([^"]+)"/.exec(html)![1];
  }

  const post = (agent: CookieAgent, action: string, username: string, password: string) =>
    agent.go(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password }).toString() });

  it('logs a citizen in with code and PKCE, giving an access token the services accept and an ID token with the name', async () => {
    const agent = new CookieAgent(running.url);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const action = await startLogin(agent, verifier, state);
    const callback = await agent.followToClient(await post(agent, action, '001190012345', 'demo-only'));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()).toMatchObject({ sub: 'citizen-001190012345', name: 'Nguyễn Thị Thu Hà' });
    const verifierOfServices = new TokenVerifier({ issuer: running.url, jwksUrl: running.jwksUrl, audience: 'once-only-platform' });
    await expect(verifierOfServices.verify(tokens.access_token)).resolves.toEqual({ role: 'citizen', subject: 'citizen-001190012345', personalId: '001190012345' });
  });

  it('maps an officer to their agency', async () => {
    const agent = new CookieAgent(running.url);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const callback = await agent.followToClient(await post(agent, await startLogin(agent, verifier, state), 'canbo.yte.hn', 'demo-only'));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
    const principal = await new TokenVerifier({ issuer: running.url, jwksUrl: running.jwksUrl, audience: 'once-only-platform' }).verify(tokens.access_token);
    expect(principal).toEqual({ role: 'officer', subject: 'officer-canbo.yte.hn', agencyCode: '000.00.15.H26' });
  });

  it('refuses a wrong password with the form again, and no code', async () => {
    const agent = new CookieAgent(running.url);
    const action = await startLogin(agent, oidc.randomPKCECodeVerifier(), oidc.randomState());
    const refused = await post(agent, action, '001190012345', 'not-the-password');
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid', state: 'x' });
    const response = await new CookieAgent(running.url).go(url.href);
    expect(response.headers.get('location')).toContain('error=invalid_request');
  });

  it('still signs test tokens with the same key (POST /tokens)', async () => {
    const response = await fetch(`${running.url}/tokens`, { method: 'POST', body: JSON.stringify({ role: 'admin' }) });
    const { access_token } = (await response.json()) as { access_token: string };
    const verifier = new TokenVerifier({ issuer: running.url, jwksUrl: `${running.url}/jwks`, audience: 'once-only-platform' });
    await expect(verifier.verify(access_token)).resolves.toMatchObject({ role: 'admin' });
  });
});
