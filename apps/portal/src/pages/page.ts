import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { ServiceRefusal } from '../api/service-client';
import type { PortalRequest } from '../auth/portal-request';
import type { Translate } from '../i18n/messages';

/** One line of the error summary, linked to the field it is about (WCAG 3.3.1). */
export interface ErrorItem {
  readonly text: string;
  readonly href: string;
}

/** Renders a page with its title; a page showing errors answers 400 and says so in its title. */
export function render(response: Response, view: string, pageTitle: string, locals: Record<string, unknown> = {}, status = 200): void {
  response.status(status).render(view, { pageTitle, formKey: randomUUID(), ...locals });
}

/** The page to go back to after a post, with a notice of what was done (post, redirect, get). */
export function redirectWithNotice(response: Response, to: string, notice?: string): void {
  if (!notice) return response.redirect(303, to);
  const [path, fragment] = to.split('#');
  response.redirect(303, `${path}${path.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}${fragment ? `#${fragment}` : ''}`);
}

/** Notices a page may show: a query parameter naming one of these, never free text. */
const NOTICES = new Set(['saved', 'submitted', 'uploaded', 'rated', 'done', 'resubmitted', 'switched']);

export function noticeOf(request: PortalRequest): string | undefined {
  const notice = request.query.notice;
  return typeof notice === 'string' && NOTICES.has(notice) ? `notice.${notice}` : undefined;
}

/** The e-form's per-field errors as the page's own: messages on the fields, a summary on top naming each field. */
export function fieldErrorsOf(error: ServiceRefusal, labelOf: (field: string) => string | undefined): { map: Map<string, string>; summary: ErrorItem[] } {
  const map = new Map(error.fieldErrors.map((entry) => [entry.field.replace(/^\//, ''), entry.message]));
  const summary = [...map].map(([field, text]) => {
    const label = labelOf(field);
    return { text: label ? `${label}: ${text}` : text, href: `#field-${field}` };
  });
  return { map, summary };
}

/** The one-time key a form carried, passed on as the service's Idempotency-Key. */
export function formKeyOf(body: Record<string, unknown>): string | undefined {
  const key = body._key;
  return typeof key === 'string' && /^[\w-]{1,200}$/.test(key) ? key : undefined;
}

/** Only refusals are the user's to read; anything else goes on to the error filter. */
export function refusalOrThrow(error: unknown): ServiceRefusal {
  if (error instanceof ServiceRefusal && error.status !== 404) return error;
  throw error;
}

/**
 * A refusal in the page's language: the services speak English to developers, so the codes a
 * person meets have their own words; any other code shows the service's sentence.
 */
export function refusalMessage(t: Translate, refusal: ServiceRefusal): string {
  const key = `apiError.${refusal.code}`;
  const translated = t(key);
  return translated === key ? refusal.message : translated;
}
