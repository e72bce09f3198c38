import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { EncryptJWT } from 'jose';
import { safeReturnTo } from './auth.controller';
import { csrfMatches, SessionCookies, type PortalSession } from './session-cookies';

/** Just enough of Express for the cookie jar: what was set, and a request carrying it. */
function exchange() {
  const set = new Map<string, { value: string; options: Record<string, unknown> }>();
  const response = {
    cookie: (name: string, value: string, options: Record<string, unknown>) => set.set(name, { value, options }),
    clearCookie: (name: string) => set.delete(name),
  } as unknown as Response;
  const request = () => ({ cookies: Object.fromEntries([...set].map(([name, { value }]) => [name, value])) }) as unknown as Request;
  return { set, response, request };
}

describe('the session cookie', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-session-'));
  const keyFile = join(dir, 'key');
  const key = SessionCookies.newKey();
  writeFileSync(keyFile, key);
  const cookies = SessionCookies.fromKeyFile(keyFile, 'https://dichvucong.example.vn', 3_600);
  const session = { principal: { role: 'citizen', subject: 'citizen-001190012345', personalId: '001190012345' }, name: 'Hà', accessToken: 'a.b.c', idToken: 'd.e.f' } as const;

  it('is sealed, HttpOnly, SameSite=Lax and Secure on https, and reads back with a CSRF token', async () => {
    const { set, response, request } = exchange();
    await cookies.writeSession(response, session, Math.floor(Date.now() / 1000) + 900);
    const written = set.get('portal_session')!;
    expect(written.options).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' });
    expect(written.value).not.toContain('a.b.c');
    const read = (await cookies.readSession(request())) as PortalSession;
    expect(read).toMatchObject(session);
    expect(csrfMatches(read, read.csrf)).toBe(true);
    // Change the last character to one it is not: a fixed 'x' matched one token in 64.
    const last = read.csrf.at(-1) === 'x' ? 'y' : 'x';
    expect(csrfMatches(read, `${read.csrf.slice(0, -1)}${last}`)).toBe(false);
    expect(csrfMatches(read, undefined)).toBe(false);
  });

  it('ends with the access token, and is no session once expired, altered or sealed under another key', async () => {
    const { set, response, request } = exchange();
    await cookies.writeSession(response, session, Math.floor(Date.now() / 1000) + 900);
    expect((set.get('portal_session')!.options.expires as Date).getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
    const sealed = set.get('portal_session')!.value;
    const expired = await new EncryptJWT({ ...session, csrf: 'x' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1)
      .encrypt(Buffer.from(key, 'base64'));
    const otherKey = await new EncryptJWT({ ...session, csrf: 'x' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setExpirationTime('1h').encrypt(new Uint8Array(32));
    const altered = `${sealed.slice(0, -4)}${sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    for (const value of [expired, otherKey, altered, 'not-a-jwe']) {
      expect(await cookies.readSession({ cookies: { portal_session: value } } as unknown as Request)).toBeUndefined();
    }
    expect(await cookies.readSession(request())).toBeDefined();
  });

  it('refuses a key that is not 32 bytes', () => {
    writeFileSync(join(dir, 'short'), Buffer.alloc(16).toString('base64'));
    expect(() => SessionCookies.fromKeyFile(join(dir, 'short'), 'http://localhost:8080', 60)).toThrow('32 bytes');
  });
});

describe(safeReturnTo.name, () => {
  it.each([
    ['/dossiers/1', '/dossiers/1'],
    ['/?q=ly%20lich', '/?q=ly%20lich'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['/auth/callback?code=x', '/'],
    [undefined, '/'],
  ])('%s returns to %s', (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});
