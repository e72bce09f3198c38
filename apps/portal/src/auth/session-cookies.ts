import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CookieOptions, Request, Response } from 'express';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { Principal } from '@app/platform';

/** Who is logged in, and the tokens the portal calls the services with on their behalf. */
export interface PortalSession {
  readonly principal: Principal;
  readonly name: string;
  readonly accessToken: string;
  /** Kept for RP-initiated logout (id_token_hint). */
  readonly idToken: string;
  /** The synchronizer token every form of this session carries. */
  readonly csrf: string;
}

/** What the login's round trip through the provider must bring back (RFC 7636, OIDC nonce). */
export interface PendingLogin {
  readonly codeVerifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly returnTo: string;
}

const SESSION_COOKIE = 'portal_session';
const LOGIN_COOKIE = 'portal_login';
const LOGIN_TTL_SECONDS = 600;

/**
 * Sessions live in the browser, encrypted (JWE, A256GCM under a key only the portal's
 * replicas hold), in HttpOnly SameSite=Lax cookies: nothing a script can read, nothing to
 * share between replicas but the key. The access token inside never reaches the page. A
 * session ends when its token does (or at SESSION_MAX_AGE_SECONDS): the next page asks the
 * provider again, which, while its own session lasts, answers without a password.
 */
export class SessionCookies {
  private constructor(
    private readonly key: Uint8Array,
    private readonly secure: boolean,
    private readonly maxAgeSeconds: number,
  ) {}

  static fromKeyFile(file: string, publicUrl: string, maxAgeSeconds: number): SessionCookies {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`SESSION_KEY_FILE must hold 32 bytes, base64 (it holds ${key.length})`);
    return new SessionCookies(key, new URL(publicUrl).protocol === 'https:', maxAgeSeconds);
  }

  static newKey(): string {
    return randomBytes(32).toString('base64');
  }

  async readSession(request: Request): Promise<PortalSession | undefined> {
    return this.open<PortalSession>(cookie(request, SESSION_COOKIE));
  }

  /** Valid until the access token expires, and never beyond the configured maximum. */
  async writeSession(response: Response, session: Omit<PortalSession, 'csrf'>, tokenExpiresAt: number): Promise<void> {
    const expiresAt = Math.min(tokenExpiresAt, Math.floor(Date.now() / 1000) + this.maxAgeSeconds);
    const sealed = await this.seal({ ...session, csrf: randomBytes(24).toString('base64url') }, expiresAt);
    response.cookie(SESSION_COOKIE, sealed, this.options(expiresAt));
  }

  clearSession(response: Response): void {
    response.clearCookie(SESSION_COOKIE, this.options());
  }

  async readPendingLogin(request: Request): Promise<PendingLogin | undefined> {
    return this.open<PendingLogin>(cookie(request, LOGIN_COOKIE));
  }

  async writePendingLogin(response: Response, login: PendingLogin): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + LOGIN_TTL_SECONDS;
    response.cookie(LOGIN_COOKIE, await this.seal(login, expiresAt), this.options(expiresAt));
  }

  clearPendingLogin(response: Response): void {
    response.clearCookie(LOGIN_COOKIE, this.options());
  }

  private options(expiresAt?: number): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: '/',
      ...(expiresAt === undefined ? {} : { expires: new Date(expiresAt * 1000) }),
    };
  }

  private seal(payload: object, expiresAt: number): Promise<string> {
    return new EncryptJWT({ ...payload }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt().setExpirationTime(expiresAt).encrypt(this.key);
  }

  /** A cookie that is missing, tampered with, from another key or expired is simply no session. */
  private async open<T>(value: string | undefined): Promise<T | undefined> {
    if (!value) return undefined;
    try {
      const { payload } = await jwtDecrypt(value, this.key);
      return payload as T;
    } catch {
      return undefined;
    }
  }
}

export function csrfMatches(session: PortalSession, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(request: Request, name: string): string | undefined {
  const cookies = request.cookies as Record<string, string> | undefined;
  return cookies?.[name];
}
