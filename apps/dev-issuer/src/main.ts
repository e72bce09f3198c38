import { readFileSync } from 'node:fs';
import { DevIdentities, serveDevIssuer, type DevOidcClient } from '@app/dev-issuer';

/**
 * Development identity provider for the local platform, the demo and docker-compose: an
 * OpenID Provider the portal logs in at, and POST /tokens for scripts. Production
 * deployments never run it: they point AUTH_ISSUER and AUTH_JWKS_URL at VNeID or another
 * OIDC provider. It binds to loopback unless HTTP_HOST says otherwise (docker-compose).
 *
 * PORTAL_URL and PORTAL_CLIENT_SECRET_FILE register the portal as its one client
 * (client id PORTAL_CLIENT_ID, default `portal`); DEV_IDENTITIES_FILE names the demo people.
 */
const port = Number(process.env.HTTP_PORT ?? 3000);
const host = process.env.HTTP_HOST ?? '127.0.0.1';
const issuerUrl = process.env.AUTH_ISSUER;
const identities = DevIdentities.fromFile(process.env.DEV_IDENTITIES_FILE ?? 'deploy/seed/dev-identities.json');

function portalClient(): DevOidcClient[] {
  const portalUrl = process.env.PORTAL_URL;
  const secretFile = process.env.PORTAL_CLIENT_SECRET_FILE;
  if (!portalUrl || !secretFile) return [];
  return [
    {
      clientId: process.env.PORTAL_CLIENT_ID ?? 'portal',
      clientSecret: readFileSync(secretFile, 'utf8').trim(),
      redirectUris: [`${portalUrl}/auth/callback`],
      postLogoutRedirectUris: [`${portalUrl}/`],
    },
  ];
}

serveDevIssuer({ port, host, identities, clients: portalClient(), ...(issuerUrl ? { issuerUrl } : {}) }).then(
  (running) => process.stdout.write(`dev-issuer ready on ${running.url} (OpenID Provider, JWKS ${running.jwksUrl}, POST /tokens)\n`),
  (error: unknown) => {
    process.stderr.write(`dev-issuer cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
