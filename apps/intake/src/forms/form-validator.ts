import { HttpStatus, Injectable } from '@nestjs/common';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { ApiError } from '@app/platform';
import type { FormAnswers, FormTemplate } from '../procedures/procedure-information';
import { formAjv } from './form-ajv';
import { FormErrorCode } from './form-error-code';

export interface FormFieldError {
  readonly field: string;
  readonly message: string;
}

/** Published versions never change, so a compiled form is kept; the bound only guards memory. */
const MAX_COMPILED_FORMS = 500;

/**
 * Checks a citizen's answers against a published form. A form is compiled once and cached by
 * its code and schema: the same (code, version, form) always has the same schema, and two
 * versions that kept a form unchanged share one compiled validator.
 */
@Injectable()
export class FormValidator {
  private readonly ajv = formAjv();
  private readonly compiled = new Map<string, ValidateFunction>();

  validate(form: FormTemplate, answers: unknown): FormAnswers {
    const check = this.compiledFor(form);
    if (check(answers)) return answers as FormAnswers;
    const errors = (check.errors ?? []).map(toFieldError);
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      FormErrorCode.FormInvalid,
      `The answers to form ${form.code} are not valid: ${errors.map((error) => error.field || 'the form').join(', ')}.`,
      { errors },
    );
  }

  private compiledFor(form: FormTemplate): ValidateFunction {
    const key = `${form.code}\n${JSON.stringify(form.schema)}`;
    let check = this.compiled.get(key);
    if (!check) {
      if (this.compiled.size >= MAX_COMPILED_FORMS) this.forgetOldest();
      check = this.ajv.compile(form.schema);
      this.compiled.set(key, check);
    }
    return check;
  }

  /** ajv keeps its own cache of every schema it compiled: both forget the oldest form together. */
  private forgetOldest(): void {
    const [key, check] = this.compiled.entries().next().value!;
    this.compiled.delete(key);
    this.ajv.removeSchema(check.schema);
  }
}

/** The form field an error is about: the answer's own name, or the one missing or unknown. */
export function toFieldError(error: ErrorObject): FormFieldError {
  const params = error.params as Record<string, unknown>;
  const named = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  const field = named ?? error.instancePath.replace(/^\//, '').split('/')[0].replace(/~1/g, '/').replace(/~0/g, '~');
  return { field, message: vietnameseMessage(error) };
}

const TYPE_WORDS: Record<string, string> = {
  string: 'một chuỗi ký tự',
  integer: 'một số nguyên',
  number: 'một số',
  boolean: 'đúng hoặc sai',
  object: 'một biểu mẫu',
};

const FORMAT_WORDS: Record<string, string> = {
  date: 'ngày theo dạng YYYY-MM-DD',
  email: 'địa chỉ thư điện tử',
  'date-time': 'thời điểm theo dạng ISO 8601',
  uri: 'địa chỉ web',
};

/** ajv-i18n has no Vietnamese: one sentence per keyword the form schemas use, the rest generic. */
export function vietnameseMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'Chưa điền thông tin bắt buộc này.';
    case 'additionalProperties':
      return 'Biểu mẫu không có trường này.';
    case 'type':
      return `Giá trị phải là ${TYPE_WORDS[String(params.type)] ?? String(params.type)}.`;
    case 'minLength':
      return `Cần ít nhất ${String(params.limit)} ký tự.`;
    case 'maxLength':
      return `Không được quá ${String(params.limit)} ký tự.`;
    case 'minimum':
      return `Giá trị nhỏ nhất là ${String(params.limit)}.`;
    case 'maximum':
      return `Giá trị lớn nhất là ${String(params.limit)}.`;
    case 'exclusiveMinimum':
      return `Giá trị phải lớn hơn ${String(params.limit)}.`;
    case 'exclusiveMaximum':
      return `Giá trị phải nhỏ hơn ${String(params.limit)}.`;
    case 'pattern':
      return 'Giá trị không đúng định dạng.';
    case 'format':
      return `Giá trị phải là ${FORMAT_WORDS[String(params.format)] ?? 'đúng định dạng'}.`;
    case 'enum':
      return `Giá trị phải là một trong: ${((params.allowedValues as unknown[] | undefined) ?? []).map(String).join(', ')}.`;
    case 'const':
      return `Giá trị phải là ${String(params.allowedValue)}.`;
    default:
      return 'Giá trị không hợp lệ.';
  }
}
