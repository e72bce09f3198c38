import type { FormTemplate } from '../procedures/procedure-information';
import { formAjv } from './form-ajv';

/** The scalar types a paper form can hold. No `number`: amounts and counts are whole numbers. */
export const FORM_FIELD_TYPES = ['string', 'integer', 'boolean'] as const;

const checker = formAjv();

/** A field name as it appears in answers, in a per-unit fee and in the printed form's order. */
const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

/**
 * Why a form's schema cannot be published, one sentence each: it must compile under ajv 2020
 * in strict mode, be an object with `additionalProperties: false` (unknown answers are refused),
 * and hold flat scalar fields, each with a `title` to print as its label.
 */
export function formSchemaProblems(form: FormTemplate): string[] {
  const at = `form ${form.code}`;
  const schema = form.schema;
  const problems: string[] = [];
  if (schema.type !== 'object') problems.push(`${at} must be an object schema`);
  if (schema.additionalProperties !== false) problems.push(`${at} must refuse unknown fields (additionalProperties: false)`);
  // A flat form needs no references; an `$id` would also clash between forms compiled by one validator.
  for (const keyword of ['$id', '$ref', '$defs', '$anchor', '$dynamicRef']) if (keyword in schema) problems.push(`${at} must be self-contained, without ${keyword}`);
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties) || Object.keys(properties).length === 0) {
    problems.push(`${at} must list its fields in properties`);
  } else {
    for (const [name, field] of Object.entries(properties as Record<string, unknown>)) problems.push(...fieldProblems(`${at} field ${name}`, name, field));
  }
  const required = schema.required;
  if (required !== undefined) {
    const names = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
    if (!Array.isArray(required) || required.some((name) => typeof name !== 'string' || !names.includes(name))) problems.push(`${at} may require only its own fields`);
  }
  try {
    checker.compile(schema);
  } catch (error) {
    problems.push(`${at} does not compile: ${(error as Error).message}`);
  } finally {
    // Only the verdict is wanted: forget the schema, or every draft ever checked would stay cached.
    checker.removeSchema(schema);
  }
  return problems;
}

function fieldProblems(at: string, name: string, field: unknown): string[] {
  if (!FIELD_NAME.test(name)) return [`${at} needs a name of letters, digits and underscores`];
  if (typeof field !== 'object' || field === null || Array.isArray(field)) return [`${at} must be a schema`];
  const { type, title } = field as { type?: unknown; title?: unknown };
  const problems: string[] = [];
  if (!FORM_FIELD_TYPES.includes(type as (typeof FORM_FIELD_TYPES)[number])) problems.push(`${at} must be a string, integer or boolean`);
  if (typeof title !== 'string' || title.trim() === '') problems.push(`${at} needs a title to print as its label`);
  return problems;
}
