import type { FormTemplate } from '../api/views';
import { answersFromForm, eformFields } from './eform';

const form: FormTemplate = {
  code: 'TK',
  kind: 'application',
  titleVi: 'Tờ khai',
  schema: {
    properties: {
      hoTen: { type: 'string', title: 'Họ và tên' },
      ngaySinh: { type: 'string', title: 'Ngày sinh', format: 'date' },
      loaiPhieu: { type: 'string', title: 'Loại phiếu', enum: ['Phiếu số 1', 'Phiếu số 2'] },
      soPhieuThem: { type: 'integer', title: 'Số phiếu thêm', minimum: 0, maximum: 20 },
      dongY: { type: 'boolean', title: 'Đồng ý' },
    },
    required: ['hoTen', 'loaiPhieu'],
  },
};

describe('the e-form drawn from the JSON Schema', () => {
  it('gives each property its control, its label and the server error for it', () => {
    const fields = eformFields(form, { loaiPhieu: 'Phiếu số 2' }, new Map([['ngaySinh', 'không phải ngày hợp lệ']]));
    // Required first (jsonb keeps arrays in order, not object keys), then the rest by name.
    expect(fields.map((f) => [f.name, f.kind, f.inputType, f.required])).toEqual([
      ['hoTen', 'text', 'text', true],
      ['loaiPhieu', 'enum', 'radio', true],
      ['dongY', 'boolean', 'checkbox', false],
      ['ngaySinh', 'text', 'date', false],
      ['soPhieuThem', 'text', 'text', false],
    ]);
    expect(fields[3].error).toBe('không phải ngày hợp lệ');
    expect(fields[1].options?.find((o) => o.checked)?.value).toBe('Phiếu số 2');
    expect(fields[0].autocomplete).toBe('name');
  });

  it('reads the post back into typed answers, passing a mistyped number on for the server to refuse', () => {
    expect(answersFromForm(form, { hoTen: ' Nguyễn Văn An ', ngaySinh: '', soPhieuThem: '2', dongY: 'true', loaiPhieu: 'Phiếu số 1' })).toEqual({
      hoTen: 'Nguyễn Văn An',
      soPhieuThem: 2,
      dongY: true,
      loaiPhieu: 'Phiếu số 1',
    });
    expect(answersFromForm(form, { soPhieuThem: 'hai' }).soPhieuThem).toBe('hai');
    expect(answersFromForm(form, {}).dongY).toBe(false);
  });
});
