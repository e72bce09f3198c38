import nunjucks from 'nunjucks';
import { TEMPLATES } from './catalog';
import { formatDate, formatDateTime, formatVnd } from './template-filters';
import { LANGUAGES, type Language, type TemplateDefinition, type TemplateKey } from './template-definition';
import { layout } from './template-layout';

export interface RenderedMessage {
  readonly key: TemplateKey;
  readonly version: number;
  readonly language: Language;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sms: string;
}

/** A placeholder the template needs and was not given, or one it uses without declaring it. */
export class MissingPlaceholderError extends Error {
  override name = MissingPlaceholderError.name;

  constructor(
    readonly key: TemplateKey,
    readonly version: number,
    readonly language: Language,
    readonly placeholder: string,
  ) {
    super(`template ${key} v${version} (${language}): placeholder "${placeholder}" is missing`);
  }
}

export class UnknownTemplateError extends Error {
  override name = UnknownTemplateError.name;
}

type Part = 'subject' | 'text' | 'html' | 'sms';
interface CompiledPart {
  readonly template: nunjucks.Template;
  readonly source: string;
}
interface Compiled {
  readonly definition: TemplateDefinition;
  readonly parts: Record<Language, Record<Part, CompiledPart>>;
}

/**
 * Renders the newest version of each template. Compiled once, in the constructor, so a
 * template that does not parse stops the service at start-up rather than at the first event.
 * HTML escapes by default; the text, subject and SMS parts are plain text and do not.
 */
export class TemplateRenderer {
  private readonly latest = new Map<TemplateKey, Compiled>();

  constructor(templates: readonly TemplateDefinition[] = TEMPLATES) {
    const environments = Object.fromEntries(LANGUAGES.map((language) => [language, { html: environment(language, true), plain: environment(language, false) }])) as Record<Language, { html: nunjucks.Environment; plain: nunjucks.Environment }>;
    for (const definition of templates) {
      const known = this.latest.get(definition.key);
      if (known && known.definition.version >= definition.version) continue;
      const desk = definition.key.startsWith('officer-');
      const compile = (language: Language) => {
        const { html, plain } = environments[language];
        const sources = { ...definition[language], html: layout(language, definition[language].html, desk) };
        const part = (name: Part): CompiledPart => ({
          source: sources[name],
          template: new nunjucks.Template(sources[name], name === 'html' ? html : plain, `${definition.key}.v${definition.version}.${language}.${name}`, true),
        });
        return { subject: part('subject'), text: part('text'), html: part('html'), sms: part('sms') };
      };
      this.latest.set(definition.key, { definition, parts: { vi: compile('vi'), en: compile('en') } });
    }
  }

  render(key: TemplateKey, language: Language, params: Record<string, unknown>): RenderedMessage {
    const compiled = this.latest.get(key);
    if (!compiled) throw new UnknownTemplateError(`there is no template ${key}`);
    const { definition, parts } = compiled;
    const missing = (placeholder: string) => new MissingPlaceholderError(key, definition.version, language, placeholder);
    // Only what the template declares goes in: a name it uses without declaring is undefined, and fails.
    const context: Record<string, unknown> = {};
    for (const placeholder of definition.placeholders) {
      if (params[placeholder] === undefined || params[placeholder] === null) throw missing(placeholder);
      context[placeholder] = params[placeholder];
    }
    const render = ({ template, source }: CompiledPart, values: Record<string, unknown>) => {
      try {
        return template.render(values);
      } catch (error) {
        if (!/attempted to output null or undefined value/.test(String(error))) throw error;
        throw missing(undefinedName(String(error), source));
      }
    };
    const subject = render(parts[language].subject, context).trim();
    return {
      key,
      version: definition.version,
      language,
      subject,
      text: render(parts[language].text, context).trim(),
      html: render(parts[language].html, { ...context, subject }),
      sms: render(parts[language].sms, context).replace(/\s+/g, ' ').trim(),
    };
  }
}

/** nunjucks says where, not what: the name is read from the source at the line and column it gives. */
function undefinedName(message: string, source: string): string {
  const [, line, column] = /\[Line (\d+), Column (\d+)\]/.exec(message) ?? [];
  const rest = line ? (source.split('\n')[Number(line) - 1] ?? '').slice(Math.max(0, Number(column) - 1)) : '';
  return /^\{?\{?-?\s*([A-Za-z_][\w.]*)/.exec(rest)?.[1] ?? 'an undeclared name';
}

function environment(language: Language, html: boolean): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: html, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
  env.addFilter('date', (value: unknown) => formatDate(value, language));
  env.addFilter('datetime', (value: unknown) => formatDateTime(value, language));
  env.addFilter('vnd', (value: unknown) => formatVnd(value, language));
  return env;
}
