import { serveDevIssuer } from '@app/dev-issuer';

/**
 * Development token issuer for the local platform, the demo and docker-compose. Production
 * deployments never run it: they point AUTH_ISSUER and AUTH_JWKS_URL at VNeID or another
 * OIDC provider. It binds to loopback unless HTTP_HOST says otherwise (docker-compose).
 */
const port = Number(process.env.HTTP_PORT ?? 3000);
const host = process.env.HTTP_HOST ?? '127.0.0.1';
const issuerUrl = process.env.AUTH_ISSUER;

serveDevIssuer({ port, host, ...(issuerUrl ? { issuerUrl } : {}) }).then(
  (running) => process.stdout.write(`dev-issuer ready on ${running.url} (JWKS ${running.jwksUrl}, POST /tokens)\n`),
  (error: unknown) => {
    process.stderr.write(`dev-issuer cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
