import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The one way forms are compiled, at publication and when a citizen answers: JSON Schema
 * 2020-12, strict (an unknown keyword is a publishing mistake, not an annotation), every
 * error reported, and no coercion, so "3" never passes for 3.
 */
export function formAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false, removeAdditional: false });
  addFormats(ajv);
  return ajv;
}
