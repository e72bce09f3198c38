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
});
