import { applicationFormFixture } from '../__tests__/procedure-fixtures';
import type { FormTemplate } from '../procedures/procedure-information';
import { formSchemaProblems } from './form-schema.rule';

const withSchema = (schema: Record<string, unknown>): FormTemplate => ({ ...applicationFormFixture(), schema });
const base = applicationFormFixture().schema;

describe(formSchemaProblems.name, () => {
  it('accepts a flat form of titled scalar fields that refuses unknown answers', () => {
    expect(formSchemaProblems(applicationFormFixture())).toEqual([]);
  });

  it.each([
    ['unknown answers allowed', { ...base, additionalProperties: true }, /must refuse unknown fields/],
    ['a nested object field', { ...base, properties: { dc: { type: 'object', title: 'Địa chỉ' } } }, /field dc must be a string, integer or boolean/],
    ['a floating-point field', { ...base, properties: { tien: { type: 'number', title: 'Số tiền' } }, required: [] }, /field tien must be a string, integer or boolean/],
    ['a field without a title', { ...base, properties: { hoTen: { type: 'string' } }, required: [] }, /field hoTen needs a title/],
    ['a requirement of a field it does not have', { ...base, required: ['khongCo'] }, /may require only its own fields/],
    ['an unknown keyword (strict mode)', { ...base, properties: { hoTen: { type: 'string', title: 'Họ tên', placeholder: 'x' } }, required: [] }, /does not compile: .*placeholder/],
    ['an invalid pattern', { ...base, properties: { hoTen: { type: 'string', title: 'Họ tên', pattern: '(' } }, required: [] }, /does not compile/],
    ['an $id that could clash with another form', { ...base, $id: 'https://example.org/form' }, /must be self-contained, without \$id/],
    ['no fields', { type: 'object', additionalProperties: false, properties: {} }, /must list its fields/],
    ['a field name with spaces', { ...base, properties: { 'ho ten': { type: 'string', title: 'Họ tên' } }, required: [] }, /needs a name of letters/],
  ])('refuses %s', (_, schema, problem) => {
    expect(formSchemaProblems(withSchema(schema))).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });
});
