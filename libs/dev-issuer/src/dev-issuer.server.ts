import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DevTokenIssuer } from './dev-token-issuer';
import { DevIdentities } from './dev-identities';
import { createDevIdentityProvider, PAGE_HEADERS, type DevOidcClient } from './dev-identity-provider';
import { IDP_STYLESHEET } from './dev-identity-pages';
import { PERSONAL_ID_PATTERN, type Principal } from '@app/platform';

export interface RunningDevIssuer {
  readonly issuer: DevTokenIssuer;
  readonly url: string;
  readonly jwksUrl: string;
  stop(): Promise<void>;
}

/**
 * The development identity provider: an OpenID Provider for browsers (the portal logs in
 * with authorization code and PKCE, see createDevIdentityProvider), its JWKS, and for the
 * demo and tests, which have no browser, `POST /tokens` with `{ "role": "citizen",
 * "personalId": "…" }`, `{ "role": "officer", "agencyCode": "…" }` or `{ "role": "admin" }`.
 * Both sign with one key. Loopback only, and never deployed.
 */
export interface DevIssuerOptions {
  port?: number;
  host?: string;
  /** The issuer URL as services reach it, when that is not the bound address (a container name). */
  issuerUrl?: string;
  audience?: string;
  /** Who can log in with a browser (none unless given). */
  identities?: DevIdentities;
  /** The relying parties allowed to ask for a login. */
  clients?: readonly DevOidcClient[];
}

export async function serveDevIssuer(options: DevIssuerOptions = {}): Promise<RunningDevIssuer> {
  const { port = 0, host = '127.0.0.1', audience = 'once-only-platform' } = options;
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const url = options.issuerUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${(server.address() as AddressInfo).port}`;
  // The issuer's URL goes into every token, and is known only once the port is bound.
  const issuer = await DevTokenIssuer.create(url, audience);
  const provider = createDevIdentityProvider(issuer, options.identities ?? new DevIdentities([], ''), options.clients ?? []);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.method === 'GET' && request.url === '/.well-known/jwks.json') return reply(200, issuer.jwks());
    if (request.method === 'POST' && request.url === '/tokens') {
      readJson(request)
        .then(async (body) => {
          const principal = toRequestedPrincipal(body);
          if (!principal) return reply(400, { error: { code: 'BAD_TOKEN_REQUEST', message: 'Give role citizen (with a 12-digit personalId), officer (with agencyCode) or admin.' } });
          reply(200, { access_token: await issuer.issue(principal), token_type: 'Bearer' });
        })
        .catch(() => reply(400, { error: { code: 'MALFORMED_REQUEST', message: 'The request body must be JSON.' } }));
      return;
    }
    if (request.method === 'GET' && request.url === '/assets/idp.css') {
      return void response.writeHead(200, { 'content-type': 'text/css; charset=utf-8', ...PAGE_HEADERS }).end(IDP_STYLESHEET);
    }
    void provider.handle(request, response);
  });
  return {
    issuer,
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toRequestedPrincipal(body: unknown): Principal | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { role, personalId, agencyCode, subject } = body as Record<string, unknown>;
  const sub = typeof subject === 'string' && subject ? subject : undefined;
  if (role === 'citizen' && typeof personalId === 'string' && PERSONAL_ID_PATTERN.test(personalId)) {
    return { role, personalId, subject: sub ?? `citizen-${personalId}` };
  }
  if (role === 'officer' && typeof agencyCode === 'string' && agencyCode) {
    return { role, agencyCode, subject: sub ?? `officer@${agencyCode}` };
  }
  if (role === 'admin') return { role, subject: sub ?? 'platform-admin' };
  return undefined;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
