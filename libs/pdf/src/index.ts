export * from './print-document';
export { renderPdf } from './render-pdf';
export { loadSigningIdentity, SigningIdentityError, type SigningIdentity, type SigningIdentitySource } from './signing-identity';
export { signPdf, type SignOptions } from './sign-pdf';
export { TimestampError } from './timestamp-client';
export { describeSignature, type SignatureFacts } from './describe-signature';
// Development only (no legal validity): the local platform's and the tests' CA and TSA.
export { ensureDevelopmentPki, DEVELOPMENT_CA_NAME, type DevelopmentPki, type DevelopmentAgencyFiles } from './development/development-pki';
export { serveDevelopmentTsa } from './development/development-tsa';
