import { ApiError } from '@app/platform';
import { applicationFormFixture } from '../__tests__/procedure-fixtures';
import { FormValidator } from './form-validator';

function refusal(answers: unknown): ApiError {
  try {
    new FormValidator().validate(applicationFormFixture(), answers);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the answers were accepted');
}

describe(FormValidator.name, () => {
  it('returns valid answers as they are', () => {
    const answers = { hoTen: 'Nguyễn Văn An', personalId: '001099012345', ngaySinh: '1990-05-17', soBanSao: 2, nhanQuaBuuDien: true, loaiPhieu: 'Phiếu số 1' };
    expect(new FormValidator().validate(applicationFormFixture(), answers)).toEqual(answers);
  });

  it('reports every error at once, each on its field, in Vietnamese', () => {
    const error = refusal({ personalId: '123', ngaySinh: '17/05/1990', soBanSao: 2.5, nhanQuaBuuDien: 'có', loaiPhieu: 'Phiếu số 3', thuaRa: 1 });
    expect([error.status, error.code]).toEqual([400, 'FORM_INVALID']);
    expect(error.details?.errors).toEqual(
      expect.arrayContaining([
        { field: 'hoTen', message: 'Chưa điền thông tin bắt buộc này.' },
        { field: 'personalId', message: 'Giá trị không đúng định dạng.' },
        { field: 'ngaySinh', message: 'Giá trị phải là ngày theo dạng YYYY-MM-DD.' },
        { field: 'soBanSao', message: 'Giá trị phải là một số nguyên.' },
        { field: 'nhanQuaBuuDien', message: 'Giá trị phải là đúng hoặc sai.' },
        { field: 'loaiPhieu', message: 'Giá trị phải là một trong: Phiếu số 1, Phiếu số 2.' },
        { field: 'thuaRa', message: 'Biểu mẫu không có trường này.' },
      ]),
    );
    expect((error.details?.errors as unknown[]).length).toBe(7);
    expect(error.message).toMatch(/^The answers to form TK-TEST are not valid: .*hoTen/);
  });

  it('never coerces: a number given as text is refused', () => {
    expect(refusal({ hoTen: 'An', soBanSao: '2' }).details?.errors).toEqual([{ field: 'soBanSao', message: 'Giá trị phải là một số nguyên.' }]);
  });

  it.each([
    ['a bound', { hoTen: 'An', soBanSao: 21 }, { field: 'soBanSao', message: 'Giá trị lớn nhất là 20.' }],
    ['a minimum length', { hoTen: '', soBanSao: 1 }, { field: 'hoTen', message: 'Cần ít nhất 1 ký tự.' }],
    ['a maximum length', { hoTen: 'An', soBanSao: 1, ghiChu: 'x'.repeat(1001) }, { field: 'ghiChu', message: 'Không được quá 1000 ký tự.' }],
  ])('names the field that breaks %s', (_, answers, expected) => {
    expect(refusal(answers).details?.errors).toEqual([expected]);
  });

  it('refuses answers that are not a form at all', () => {
    expect(refusal(['An']).details?.errors).toEqual([{ field: '', message: 'Giá trị phải là một biểu mẫu.' }]);
    expect(refusal(null).details?.errors).toEqual([{ field: '', message: 'Giá trị phải là một biểu mẫu.' }]);
  });

  it('keeps at most 500 compiled forms, and still validates a form it forgot', () => {
    const validator = new FormValidator();
    const form = (index: number) => ({ ...applicationFormFixture(`TK-${index}`), schema: { ...applicationFormFixture().schema, description: `v${index}` } });
    for (let index = 0; index <= 500; index += 1) validator.validate(form(index), { hoTen: 'An', soBanSao: 1 });
    expect((validator as unknown as { compiled: Map<string, unknown> }).compiled.size).toBe(500);
    expect(() => validator.validate(form(0), { hoTen: 'An', soBanSao: 'x' })).toThrow(ApiError);
  });

  it('compiles a form once and reuses it', () => {
    const validator = new FormValidator();
    const compiled = vi.spyOn((validator as unknown as { ajv: { compile: () => unknown } }).ajv, 'compile');
    for (let i = 0; i < 3; i += 1) validator.validate(applicationFormFixture(), { hoTen: 'An', soBanSao: i });
    expect(compiled).toHaveBeenCalledTimes(1);
  });
});
