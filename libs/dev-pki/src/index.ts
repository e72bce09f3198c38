// Development only (no legal validity): the CA and TSA of the local platform, compose's PKI
// setup and the tests. Kept out of @app/pdf so no production service can import it, and out of
// the image's build (tsconfig.image.json); production agencies load their CA-issued PKCS#12.
export { ensureDevelopmentPki, DEVELOPMENT_CA_NAME, type DevelopmentPki, type DevelopmentAgencyFiles } from './development-pki';
export { serveDevelopmentTsa } from './development-tsa';
