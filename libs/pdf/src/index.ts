export * from './print-document';
export { renderPdf } from './render-pdf';
export { loadSigningIdentity, SigningIdentityError, type SigningIdentity, type SigningIdentitySource } from './signing-identity';
export { signPdf, type SignOptions } from './sign-pdf';
export { TimestampError } from './timestamp-client';
export { describeSignature, type SignatureFacts } from './describe-signature';
export { placeAndDate, placeOf, vietnameseDate } from './document-dates';
