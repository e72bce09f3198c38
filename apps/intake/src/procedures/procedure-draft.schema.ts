import type { SchemaObject } from 'ajv/dist/2020';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const channels = { type: 'array', maxItems: 3, uniqueItems: true, items: { enum: ['in_person', 'post', 'online'] } };
const vnd = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const code = { type: 'string', pattern: '^[A-Z][A-Z0-9_-]{0,63}$' };

/**
 * The structure of a draft's Level 1 information (`ProcedureInformation`): every type,
 * integer and enum checked, every unknown field refused, and every field optional, since a
 * draft may be incomplete. Completeness is the publication's question (`missingLevel1Fields`).
 * A form's own schema is only required to be an object here; publication compiles it.
 */
export const PROCEDURE_DRAFT_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    nationalCode: { type: 'string', pattern: '^[0-9]{1,2}\\.[0-9]{6}$' },
    nameVi: text(500),
    nameEn: text(500),
    level: { enum: [1, 2, 3, 4] },
    steps: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['order', 'descriptionVi'],
        properties: { order: { type: 'integer', minimum: 1, maximum: 50 }, descriptionVi: text(2000) },
      },
    },
    methodVi: text(2000),
    components: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['documentTypeCode', 'nameVi', 'originals', 'copies', 'required'],
        properties: {
          documentTypeCode: code,
          nameVi: text(500),
          originals: { type: 'integer', minimum: 0, maximum: 20 },
          copies: { type: 'integer', minimum: 0, maximum: 20 },
          required: { type: 'boolean' },
        },
      },
    },
    processingWorkingDays: { type: 'integer', minimum: 1, maximum: 365 },
    subjectsVi: { type: 'array', maxItems: 20, items: text(500) },
    handlingAgencyVi: text(500),
    result: {
      type: 'object',
      additionalProperties: false,
      required: ['documentTypeCode', 'nameVi'],
      properties: { documentTypeCode: code, nameVi: text(500) },
    },
    forms: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'kind', 'titleVi', 'schema'],
        properties: {
          code: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' },
          kind: { enum: ['application', 'declaration', 'result'] },
          titleVi: text(500),
          schema: { type: 'object', maxProperties: 20 },
        },
      },
    },
    requirementsVi: { type: 'array', maxItems: 30, items: text(2000) },
    fees: {
      type: 'array',
      maxItems: 20,
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['code', 'nameVi', 'kind', 'amountVnd'],
            properties: { code, nameVi: text(500), kind: { const: 'fixed' }, amountVnd: vnd, refundedOnRejection: { type: 'boolean' } },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['code', 'nameVi', 'kind', 'unitAmountVnd', 'unitField'],
            properties: { code, nameVi: text(500), kind: { const: 'per_unit' }, unitAmountVnd: vnd, unitField: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,63}$' }, refundedOnRejection: { type: 'boolean' } },
          },
        ],
      },
    },
    receiving: channels,
    returning: channels,
  },
};
