import type { Request } from 'express';
import type { Language } from '../i18n/formatting';
import type { PortalSession } from './session-cookies';

/** What the request context middleware found: the language, and who is logged in if anyone. */
export interface PortalRequest extends Request {
  portal: { readonly language: Language; readonly session: PortalSession | undefined };
}

/** Someone must log in (again) to see this: the filter sends them to the provider and back here. */
export class LoginRequired extends Error {
  constructor(readonly returnTo: string) {
    super('login required');
  }
}

/** Logged in, but not as someone this page is for (a citizen at the officers' desk). */
export class AccessDenied extends Error {}

/** A form posted without this session's token, or from another origin. */
export class CsrfRefused extends Error {}

/** The page asked for does not exist, or is not this user's to see. */
export class PageNotFound extends Error {}
