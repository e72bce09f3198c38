export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const TEMPLATE_KEYS = [
  'dossier-received',
  'supplement-requested',
  'dossier-refused',
  'payment-requested-online',
  'payment-requested-desk',
  'payment-completed',
  'payment-refunded',
  'result-ready',
  'result-delivered',
  'dossier-overdue',
  'rating-invitation',
  'document-access-alert',
  'officer-new-dossier',
  'officer-due-soon',
  'digest',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** One language of a template: nunjucks sources. `html` is the body only; the layout wraps it. */
export interface TemplateParts {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sms: string;
}

/**
 * A version of a template. `placeholders` is the whole of what it may use: every one must be
 * given to render it, and using any other name fails the render.
 */
export interface TemplateDefinition {
  readonly key: TemplateKey;
  readonly version: number;
  readonly placeholders: readonly string[];
  readonly vi: TemplateParts;
  readonly en: TemplateParts;
}

/** What every message to a citizen about one of their dossiers can print. */
export const CITIZEN_PLACEHOLDERS = ['agencyName', 'dossierLabel', 'dossierLink', 'settingsLink'] as const;
/** What every message to an agency's desk can print. */
export const DESK_PLACEHOLDERS = ['agencyName', 'dossierLabel', 'deskLink'] as const;

export function defineTemplate(definition: TemplateDefinition): TemplateDefinition {
  return definition;
}
