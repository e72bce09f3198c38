import type { FormTemplate, JsonFieldSchema } from '../api/views';

type Answer = string | number | boolean;

/** One field of the e-form as the template draws it (partials/eform-fields.njk). */
export interface EFormField {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  readonly kind: 'text' | 'enum' | 'boolean';
  readonly inputType: string;
  readonly inputmode?: string;
  readonly autocomplete?: string;
  readonly widthClass?: string;
  readonly hint?: string;
  readonly value: Answer | undefined;
  readonly options?: { value: string; text: string; checked: boolean }[];
  readonly error: string | undefined;
}

/** Fields whose name says what they hold, so the browser can fill them in (WCAG 1.3.5). */
const AUTOCOMPLETE: Record<string, string> = { hoTen: 'name', email: 'email', soDienThoai: 'tel', diaChi: 'street-address', ngaySinh: 'bday' };

/**
 * Draws the e-form from the procedure's JSON Schema, the one the intake validates against:
 * a label per `title`, radios for an `enum`, a checkbox for a boolean, a date or number input
 * by `format` and `type`. The server's per-field errors land on their fields.
 */
export function eformFields(form: FormTemplate, answers: Record<string, Answer> | null | undefined, errors: ReadonlyMap<string, string>): EFormField[] {
  const properties = form.schema.properties ?? {};
  const required = form.schema.required ?? [];
  return orderedNames(properties, required).map((name) => field(name, properties[name], required.includes(name), answers?.[name], errors.get(name)));
}

/**
 * Required fields first, in the order `required` lists them, then the others. The intake keeps
 * schemas in PostgreSQL's jsonb, which does not keep the order of an object's keys, but does
 * keep an array's.
 */
function orderedNames(properties: Record<string, JsonFieldSchema>, required: readonly string[]): string[] {
  const names = Object.keys(properties);
  return [...required.filter((name) => names.includes(name)), ...names.filter((name) => !required.includes(name)).sort()];
}

function field(name: string, schema: JsonFieldSchema, required: boolean, value: Answer | undefined, error: string | undefined): EFormField {
  const base = { id: `field-${name}`, name, label: schema.title ?? name, required, value, error, autocomplete: AUTOCOMPLETE[name] };
  if (schema.enum) {
    return { ...base, kind: 'enum', inputType: 'radio', options: schema.enum.map((option) => ({ value: String(option), text: String(option), checked: String(value) === String(option) })) };
  }
  if (schema.type === 'boolean') return { ...base, kind: 'boolean', inputType: 'checkbox' };
  if (schema.type === 'integer' || schema.type === 'number') {
    const range = schema.minimum !== undefined && schema.maximum !== undefined ? `${schema.minimum}–${schema.maximum}` : undefined;
    return { ...base, kind: 'text', inputType: 'text', inputmode: 'numeric', widthClass: 'govuk-input--width-5', ...(range ? { hint: range } : {}) };
  }
  if (schema.format === 'date') return { ...base, kind: 'text', inputType: 'date', widthClass: 'govuk-input--width-10' };
  if (schema.format === 'email') return { ...base, kind: 'text', inputType: 'email' };
  return { ...base, kind: 'text', inputType: name === 'soDienThoai' ? 'tel' : 'text' };
}

/**
 * The posted form back into answers of the schema's types. A number the citizen mistyped is
 * passed on as typed, so the server's own message says what is wrong with it; a blank
 * optional field is left out rather than sent empty.
 */
export function answersFromForm(form: FormTemplate, body: Record<string, unknown>): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const [name, schema] of Object.entries(form.schema.properties ?? {})) {
    const raw = body[name];
    if (schema.type === 'boolean') {
      answers[name] = raw === 'true' || (Array.isArray(raw) && raw.includes('true'));
      continue;
    }
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const text = raw.normalize('NFC').trim();
    answers[name] = (schema.type === 'integer' || schema.type === 'number') && /^-?\d+$/.test(text) ? Number(text) : text;
  }
  return answers;
}
