import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { CompactSign, exportSPKI, generateKeyPair, importJWK, SignJWT, UnsecuredJWT, type CryptoKey, type JWK, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type { RunningDevIssuer } from '@app/dev-issuer';

/** What the platform must answer a hostile token with: a refusal, never a 2xx nor a 5xx. */
export interface TokenRefusal {
  readonly status: 400 | 401 | 403 | 431;
  /** Absent only where Node's HTTP server answers before the platform sees the request. */
  readonly code?: string;
}

/** Everything a case may sign with: the issuer's own key, and an attacker's. */
export interface TokenKit {
  readonly issuer: string;
  readonly audience: string;
  /** The dev issuer's private key and key id: what only the identity provider holds. */
  readonly key: CryptoKey;
  readonly privateJwk: JWK;
  readonly kid: string;
  readonly publicJwk: JWK;
  /** Another issuer, with a JWKS of its own that an attacker controls. */
  readonly foreign: RunningDevIssuer;
  readonly foreignKey: CryptoKey;
  readonly foreignRsaKey: CryptoKey;
}

export interface TokenCase {
  readonly name: string;
  readonly refusal: TokenRefusal;
  /** The whole Authorization header value. */
  readonly build: (kit: TokenKit) => Promise<string>;
}

const UNAUTHENTICATED: TokenRefusal = { status: 401, code: 'UNAUTHENTICATED' };
const PERSONAL_ID = '001099012345';
const AGENCY = '000.00.12.H26';

export async function tokenKit(issuer: RunningDevIssuer, foreign: RunningDevIssuer): Promise<TokenKit> {
  return {
    issuer: issuer.url,
    audience: issuer.issuer.audience,
    key: (await importJWK(issuer.issuer.signingJwk, 'ES256')) as CryptoKey,
    privateJwk: issuer.issuer.signingJwk,
    kid: issuer.issuer.signingJwk.kid!,
    publicJwk: issuer.issuer.jwks().keys[0],
    foreign,
    foreignKey: (await importJWK(foreign.issuer.signingJwk, 'ES256')) as CryptoKey,
    foreignRsaKey: (await generateKeyPair('RS256')).privateKey,
  };
}

const now = () => Math.floor(Date.now() / 1000);
const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Registered claims the verifier requires, valid for ten minutes, with `claims` on top. */
const registered = (kit: TokenKit, claims: Record<string, unknown>): JWTPayload => ({ iss: kit.issuer, aud: kit.audience, iat: now(), exp: now() + 600, ...claims });
const citizen = { sub: `citizen-${PERSONAL_ID}`, role: 'citizen', pid: PERSONAL_ID };
const officer = { sub: `officer@${AGENCY}`, role: 'officer', agency: AGENCY };
const admin = { sub: 'platform-admin', role: 'admin' };

/** Signed by the identity provider itself: only the claims are hostile. */
async function signed(kit: TokenKit, claims: Record<string, unknown>, header: Partial<JWTHeaderParameters> = {}): Promise<string> {
  return new SignJWT(registered(kit, claims)).setProtectedHeader({ alg: 'ES256', kid: kit.kid, ...header }).sign(kit.key);
}

/** Signed by the identity provider, with exactly these claims (nothing registered added). */
async function signedExactly(kit: TokenKit, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: kit.kid }).sign(kit.key);
}

/**
 * Signed with the identity provider's key over any header at all: jose will not sign a header
 * it would itself refuse (an unknown critical extension), so this does it by hand.
 */
function signedOverHeader(kit: TokenKit, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(registered(kit, claims)))}`;
  const key = createPrivateKey({ key: kit.privateJwk, format: 'jwk' });
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

const bearer = (token: string) => `Bearer ${token}`;
const refused = (name: string, build: (kit: TokenKit) => Promise<string>, refusal: TokenRefusal = UNAUTHENTICATED): TokenCase => ({
  name,
  refusal,
  build: async (kit) => bearer(await build(kit)),
});
const claimsRefused = (name: string, claims: Record<string, unknown>, refusal?: TokenRefusal) => refused(name, (kit) => signed(kit, claims), refusal);

/** Forged signatures and algorithms: none of these was signed by the identity provider's key. */
const SIGNATURES: TokenCase[] = [
  refused('alg none', (kit) => Promise.resolve(new UnsecuredJWT(registered(kit, admin)).encode())),
  refused('alg none, spelled nOnE, with the issuer’s kid', (kit) => Promise.resolve(`${base64url(JSON.stringify({ alg: 'nOnE', kid: kit.kid }))}.${base64url(JSON.stringify(registered(kit, admin)))}.`)),
  refused('HS256 keyed with the issuer’s public JWK (key confusion)', (kit) =>
    new SignJWT(registered(kit, admin)).setProtectedHeader({ alg: 'HS256', kid: kit.kid }).sign(new TextEncoder().encode(JSON.stringify(kit.publicJwk))),
  ),
  refused('HS256 keyed with the issuer’s public key as PEM (key confusion)', async (kit) => {
    const pem = await exportSPKI((await importJWK(kit.publicJwk, 'ES256')) as CryptoKey);
    return new SignJWT(registered(kit, admin)).setProtectedHeader({ alg: 'HS256', kid: kit.kid }).sign(new TextEncoder().encode(pem));
  }),
  refused('a foreign EC key under the issuer’s kid', (kit) => new SignJWT(registered(kit, admin)).setProtectedHeader({ alg: 'ES256', kid: kit.kid }).sign(kit.foreignKey)),
  refused('a foreign RSA key under the issuer’s kid', (kit) => new SignJWT(registered(kit, admin)).setProtectedHeader({ alg: 'RS256', kid: kit.kid }).sign(kit.foreignRsaKey)),
  refused('a foreign key that carries its own public key (jwk header)', (kit) =>
    new SignJWT(registered(kit, admin)).setProtectedHeader({ alg: 'ES256', jwk: kit.foreign.issuer.jwks().keys[0] }).sign(kit.foreignKey),
  ),
  refused('a foreign key whose JWKS the token points at (jku header)', (kit) =>
    new SignJWT(registered(kit, admin)).setProtectedHeader({ alg: 'ES256', kid: kit.foreign.issuer.signingJwk.kid!, jku: kit.foreign.jwksUrl }).sign(kit.foreignKey),
  ),
  refused('a foreign key without a kid', (kit) => new SignJWT(registered(kit, admin)).setProtectedHeader({ alg: 'ES256' }).sign(kit.foreignKey)),
  refused('a citizen’s token with its payload changed to admin', async (kit) => {
    const [header, , signature] = (await signed(kit, citizen)).split('.');
    return `${header}.${base64url(JSON.stringify(registered(kit, admin)))}.${signature}`;
  }),
  refused('a valid token with its signature cut off', async (kit) => `${(await signed(kit, admin)).split('.').slice(0, 2).join('.')}.`),
  refused('a valid signature over a header naming another algorithm', async (kit) => {
    const [, payload, signature] = (await signed(kit, admin)).split('.');
    return `${base64url(JSON.stringify({ alg: 'ES384', kid: kit.kid }))}.${payload}.${signature}`;
  }),
  refused('a critical header extension the verifier does not know', (kit) => Promise.resolve(signedOverHeader(kit, { alg: 'ES256', kid: kit.kid, crit: ['x-elevate'], 'x-elevate': true }, admin))),
];

/** Signed by the identity provider, but not valid now. */
const TIMES: TokenCase[] = [
  refused('expired an hour ago', (kit) => signed(kit, { ...admin, exp: now() - 3_600 })),
  refused('expired a second ago', (kit) => signed(kit, { ...admin, exp: now() - 1 })),
  refused('not valid for another hour (nbf)', (kit) => signed(kit, { ...admin, nbf: now() + 3_600 })),
  refused('without an expiry', (kit) => signedExactly(kit, { iss: kit.issuer, aud: kit.audience, iat: now(), ...admin })),
  refused('an expiry written as a string', (kit) => signed(kit, { ...admin, exp: String(now() + 600) })),
];

/** Signed by the identity provider, for someone else. */
const ISSUERS_AND_AUDIENCES: TokenCase[] = [
  claimsRefused('another issuer', { ...admin, iss: 'https://evil.example' }),
  refused('another real issuer, named by the token it signed', (kit) => kit.foreign.issuer.issue({ role: 'admin', subject: 'platform-admin' })),
  refused('no issuer', (kit) => signedExactly(kit, { aud: kit.audience, exp: now() + 600, ...admin })),
  refused('the issuer inside an array', (kit) => signed(kit, { ...admin, iss: [kit.issuer] })),
  claimsRefused('another audience', { ...admin, aud: 'another-platform' }),
  claimsRefused('audiences that leave this platform out', { ...admin, aud: ['another-platform', 'portal'] }),
  refused('no audience', (kit) => signedExactly(kit, { iss: kit.issuer, exp: now() + 600, ...admin })),
];

/** Signed by the identity provider, missing what makes a principal. */
const MISSING: TokenCase[] = [
  claimsRefused('no subject', { role: 'admin' }),
  claimsRefused('an empty subject', { ...admin, sub: '' }),
  claimsRefused('no role', { sub: 'someone' }),
  claimsRefused('a citizen without a personal id', { sub: 'c', role: 'citizen' }),
  claimsRefused('an officer without an agency', { sub: 'o', role: 'officer' }),
  claimsRefused('an officer with an empty agency', { ...officer, agency: '' }),
  claimsRefused('the role under another claim name', { sub: 'a', roles: ['admin'] }),
];

/** Signed by the identity provider, carrying what no principal has. */
const UNEXPECTED: TokenCase[] = [
  claimsRefused('the role superadmin', { ...admin, role: 'superadmin' }),
  claimsRefused('the role Admin, capitalised', { ...admin, role: 'Admin' }),
  claimsRefused('the role as an array', { ...admin, role: ['admin'] }),
  claimsRefused('the role as an object', { ...admin, role: { name: 'admin' } }),
  claimsRefused('a personal id of 11 digits', { ...citizen, pid: '00109901234' }),
  claimsRefused('a personal id of 13 digits', { ...citizen, pid: '0010990123456' }),
  claimsRefused('a personal id with letters', { ...citizen, pid: '00109901234X' }),
  claimsRefused('a personal id as a number', { ...citizen, pid: 100109901234 }),
  claimsRefused('a personal id with a newline after it', { ...citizen, pid: `${PERSONAL_ID}\n` }),
  claimsRefused('a personal id as an array', { ...citizen, pid: [PERSONAL_ID] }),
  claimsRefused('an officer carrying a personal id', { ...officer, pid: PERSONAL_ID }),
  claimsRefused('a citizen carrying an agency', { ...citizen, agency: AGENCY }),
  claimsRefused('an admin carrying a personal id', { ...admin, pid: PERSONAL_ID }),
  claimsRefused('an admin carrying an agency', { ...admin, agency: AGENCY }),
  claimsRefused('an agency that is not an agency code', { ...officer, agency: 'H26' }),
  claimsRefused('an agency as an array', { ...officer, agency: [AGENCY] }),
  claimsRefused('an agency of 5,000 characters', { ...officer, agency: `${AGENCY}${'9'.repeat(5_000)}` }),
  claimsRefused('a subject as a number', { ...admin, sub: 42 }),
  claimsRefused('a subject as an object', { ...admin, sub: { id: 'platform-admin' } }),
  claimsRefused('a subject of 201 characters', { ...admin, sub: 'a'.repeat(201) }, { status: 401, code: 'SUBJECT_TOO_LONG' }),
  claimsRefused('a NUL character in the subject', { ...admin, sub: 'platform\u0000admin' }, { status: 400, code: 'NUL_CHARACTER' }),
];

/** Not a token at all, or not one a parser should get far with. */
const MALFORMED: TokenCase[] = [
  { name: 'no token after Bearer', refusal: UNAUTHENTICATED, build: () => Promise.resolve('Bearer ') },
  { name: 'another scheme (Basic)', refusal: UNAUTHENTICATED, build: () => Promise.resolve(`Basic ${base64url('admin:admin')}`) },
  { name: 'a valid token under a lower-case scheme', refusal: UNAUTHENTICATED, build: async (kit) => `bearer ${await signed(kit, admin)}` },
  refused('garbage', () => Promise.resolve('garbage')),
  refused('three dots', () => Promise.resolve('...')),
  refused('three parts of random base64url', () => Promise.resolve([12, 64, 64].map((size) => randomBytes(size).toString('base64url')).join('.'))),
  refused('four parts', async (kit) => `${await signed(kit, admin)}.extra`),
  refused('five parts, as an encrypted token has', () => Promise.resolve(`${base64url(JSON.stringify({ alg: 'dir', enc: 'A256GCM' }))}..${randomBytes(12).toString('base64url')}.${randomBytes(32).toString('base64url')}.${randomBytes(16).toString('base64url')}`)),
  refused('a header that is not JSON', async (kit) => `${base64url('{"alg":"ES256",')}.${(await signed(kit, admin)).split('.').slice(1).join('.')}`),
  refused('a signed payload that is not JSON', async (kit) => new CompactSign(new TextEncoder().encode('role=admin')).setProtectedHeader({ alg: 'ES256', kid: kit.kid }).sign(kit.key)),
  refused('a signed payload that is a JSON array', async (kit) => new CompactSign(new TextEncoder().encode(JSON.stringify([registered(kit, admin)]))).setProtectedHeader({ alg: 'ES256', kid: kit.kid }).sign(kit.key)),
  refused('characters outside base64url', async (kit) => (await signed(kit, admin)).replace(/^(.{10})/, '$1*~!')),
  // A big token is no attack by itself (a signed one with a long claim is accepted): a big forged one must still be a plain 401.
  refused('a 12 KB token under a foreign key, within the header limit', (kit) =>
    new SignJWT(registered(kit, { ...admin, padding: 'x'.repeat(9_000) })).setProtectedHeader({ alg: 'ES256', kid: kit.kid }).sign(kit.foreignKey),
  ),
  refused('12 KB of random base64url in three parts', () => Promise.resolve([100, 12_000, 64].map((size) => randomBytes((size * 3) / 4).toString('base64url')).join('.'))),
  // Node's HTTP server refuses headers over 16 KiB itself, before any platform code runs.
  refused('a 100 KB token, past the header limit', (kit) => signed(kit, { ...admin, padding: 'x'.repeat(100_000) }), { status: 431 }),
];

/** Every hostile token, by family; each must be refused by every service alike. */
export const TOKEN_CASES: Record<string, readonly TokenCase[]> = {
  signatures: SIGNATURES,
  times: TIMES,
  'issuers and audiences': ISSUERS_AND_AUDIENCES,
  'missing claims': MISSING,
  'unexpected claims': UNEXPECTED,
  malformed: MALFORMED,
};

/** Controls: the same routes accept the identity provider's ordinary tokens, so a refusal above is the token's doing. */
export async function validToken(kit: TokenKit, role: 'citizen' | 'officer' | 'admin'): Promise<string> {
  return bearer(await signed(kit, { citizen, officer, admin }[role]));
}
