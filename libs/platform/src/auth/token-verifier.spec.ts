import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { InvalidTokenError, TokenVerifier, toPrincipal } from './token-verifier';

describe(toPrincipal.name, () => {
  it('maps each role and insists on its binding claim', () => {
    expect(toPrincipal({ sub: 'c1', role: 'citizen', pid: '001099012345' })).toEqual({ role: 'citizen', subject: 'c1', personalId: '001099012345' });
    expect(toPrincipal({ sub: 'o1', role: 'officer', agency: '000.00.12.H26' })).toEqual({ role: 'officer', subject: 'o1', agencyCode: '000.00.12.H26' });
    expect(toPrincipal({ sub: 'a1', role: 'admin' })).toEqual({ role: 'admin', subject: 'a1' });
    expect(() => toPrincipal({ sub: 'c1', role: 'citizen', pid: '12345' })).toThrow(InvalidTokenError);
    expect(() => toPrincipal({ sub: 'o1', role: 'officer' })).toThrow(InvalidTokenError);
    expect(() => toPrincipal({ sub: 'x', role: 'superuser' })).toThrow(InvalidTokenError);
    expect(() => toPrincipal({ role: 'admin' })).toThrow(InvalidTokenError);
  });

  // jose validates the types of the claims it checks (iss, aud, exp, nbf), not `sub`.
  it.each([123, 0, true, ['c1'], { id: 'c1' }, ''])('refuses a subject that is not a non-empty string: %j', (sub) => {
    expect(() => toPrincipal({ sub, role: 'admin' } as unknown as JWTPayload)).toThrow(/no subject/);
  });

  it.each([
    ['a role given as an array', { sub: 'c1', role: ['citizen'], pid: '001099012345' }],
    ['a role in another case', { sub: 'c1', role: 'Citizen', pid: '001099012345' }],
    ['an unknown role', { sub: 'x', role: 'superadmin' }],
    ['a personal id of 11 digits', { sub: 'c1', role: 'citizen', pid: '00109901234' }],
    ['a personal id of 13 digits', { sub: 'c1', role: 'citizen', pid: '0010990123456' }],
    ['a personal id with a trailing newline', { sub: 'c1', role: 'citizen', pid: '001099012345\n' }],
    ['a personal id in full-width digits', { sub: 'c1', role: 'citizen', pid: '００１０９９０１２３４５' }],
    ['a personal id as a number', { sub: 'c1', role: 'citizen', pid: 100109901234 }],
    ['an agency as an array', { sub: 'o1', role: 'officer', agency: ['000.00.12.H26'] }],
    ['an empty agency', { sub: 'o1', role: 'officer', agency: '' }],
  ])('refuses %s', (_, claims) => {
    expect(() => toPrincipal(claims as JWTPayload)).toThrow(InvalidTokenError);
  });

  it.each([
    ['an officer token with a personal id', { sub: 'o1', role: 'officer', agency: '000.00.12.H26', pid: '001099012345' }, /officer token also carries a personal/],
    ['a citizen token with an agency', { sub: 'c1', role: 'citizen', pid: '001099012345', agency: '000.00.12.H26' }, /citizen token also carries an agency/],
    ['an admin token with a personal id', { sub: 'a1', role: 'admin', pid: '001099012345' }, /admin token also carries a personal/],
    ['an admin token with an agency', { sub: 'a1', role: 'admin', agency: '000.00.12.H26' }, /admin token also carries an agency/],
  ])('refuses %s: one token is one principal', (_, claims, reason) => {
    expect(() => toPrincipal(claims)).toThrow(reason);
  });

  it('takes a null binding claim of another role as absent', () => {
    expect(toPrincipal({ sub: 'o1', role: 'officer', agency: '000.00.12.H26', pid: null })).toEqual({ role: 'officer', subject: 'o1', agencyCode: '000.00.12.H26' });
  });

  it('reads the claims an identity provider actually uses, when configured', () => {
    const names = { role: 'vn_role', personalId: 'so_dinh_danh', agency: 'ma_co_quan' };
    expect(toPrincipal({ sub: 'c1', vn_role: 'citizen', so_dinh_danh: '001099012345' }, names)).toEqual({ role: 'citizen', subject: 'c1', personalId: '001099012345' });
    expect(toPrincipal({ sub: 'o1', vn_role: 'officer', ma_co_quan: '000.00.12.H26' }, names)).toEqual({ role: 'officer', subject: 'o1', agencyCode: '000.00.12.H26' });
    expect(() => toPrincipal({ sub: 'c1', role: 'citizen', pid: '001099012345' }, names)).toThrow(InvalidTokenError);
  });
});

describe(TokenVerifier.name, () => {
  let issuer: RunningDevIssuer;
  let other: RunningDevIssuer;
  beforeAll(async () => {
    issuer = await serveDevIssuer();
    other = await serveDevIssuer();
  });
  afterAll(async () => {
    await issuer.stop();
    await other.stop();
  });

  const verifierFor = (running: RunningDevIssuer, audience = 'once-only-platform') =>
    new TokenVerifier({ issuer: running.url, jwksUrl: running.jwksUrl, audience });

  it('accepts a token signed by the configured issuer', async () => {
    const token = await issuer.issuer.issue({ role: 'officer', subject: 'o1', agencyCode: '000.00.12.H26' });
    await expect(verifierFor(issuer).verify(token)).resolves.toEqual({ role: 'officer', subject: 'o1', agencyCode: '000.00.12.H26' });
  });

  it('rejects tokens from another issuer, for another audience, or tampered with', async () => {
    const foreign = await other.issuer.issue({ role: 'admin', subject: 'a1' });
    await expect(verifierFor(issuer).verify(foreign)).rejects.toThrow(InvalidTokenError);
    const token = await issuer.issuer.issue({ role: 'admin', subject: 'a1' });
    await expect(verifierFor(issuer, 'another-audience').verify(token)).rejects.toThrow(InvalidTokenError);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'a1', role: 'admin', iss: issuer.url, aud: 'once-only-platform' })).toString('base64url');
    await expect(verifierFor(issuer).verify(`${header}.${forged}.${signature}`)).rejects.toThrow(InvalidTokenError);
  });

  it('rejects an expired token', async () => {
    const token = await issuer.issuer.issue({ role: 'admin', subject: 'a1' }, -60);
    await expect(verifierFor(issuer).verify(token)).rejects.toThrow(/exp/);
  });

  /** Signed with the issuer's own key, with whatever claims: what a compromised mapping or a careless provider could send. */
  async function signedByIssuer(claims: JWTPayload): Promise<string> {
    const key = await importJWK(issuer.issuer.signingJwk, 'ES256');
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: issuer.issuer.signingJwk.kid! }).sign(key);
  }

  it('rejects a token without an expiry, which would otherwise be good for ever', async () => {
    const claims = { sub: 'a1', role: 'admin', iss: issuer.url, aud: 'once-only-platform' };
    await expect(verifierFor(issuer).verify(await signedByIssuer(claims))).rejects.toThrow(/missing required "exp"/);
    const later = Math.floor(Date.now() / 1000) + 60;
    await expect(verifierFor(issuer).verify(await signedByIssuer({ ...claims, exp: later }))).resolves.toEqual({ role: 'admin', subject: 'a1' });
    await expect(verifierFor(issuer).verify(await signedByIssuer({ ...claims, exp: String(later) } as unknown as JWTPayload))).rejects.toThrow(/"exp" claim must be a number/);
  });

  it('rejects a token that is not valid yet', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signedByIssuer({ sub: 'a1', role: 'admin', iss: issuer.url, aud: 'once-only-platform', exp: now + 7_200, nbf: now + 3_600 });
    await expect(verifierFor(issuer).verify(token)).rejects.toThrow(/nbf/);
  });
});
