// Development only: the token issuer of the launcher, compose and the tests. Kept out of
// @app/platform so no production service can import it, and out of the image's build
// (tsconfig.image.json); only the dev-issuer app and the compose-only image target use it.
export * from './dev-issuer.server';
export * from './dev-token-issuer';
export * from './dev-identities';
export * from './dev-identity-provider';
