/**
 * Level 1 information of one procedure: every field Circular 32/2017/TT-BTTTT asks an agency
 * to publish. A published version is an immutable snapshot of this shape; dossiers name the
 * version they were filed under, so a later edit never changes what a citizen applied for.
 */

/** How a dossier is received, or a result returned. */
export type Channel = 'in_person' | 'post' | 'online';

export interface ProcedureStep {
  readonly order: number;
  readonly descriptionVi: string;
}

/** One component of the dossier ("thành phần hồ sơ"), with how many originals and copies. */
export interface DossierComponent {
  readonly documentTypeCode: string;
  readonly nameVi: string;
  readonly originals: number;
  readonly copies: number;
  readonly required: boolean;
}

export type FormKind = 'application' | 'declaration' | 'result';

/**
 * A form template ("mẫu đơn, tờ khai"). Its fields are a JSON Schema (draft 2020-12) object
 * schema: the same definition gives the printable L2 form and the interactive L3 e-form.
 * Fields are flat scalars (string, integer, boolean, enum), as on a paper form, with `title`
 * as the printed label.
 */
export interface FormTemplate {
  readonly code: string;
  readonly kind: FormKind;
  readonly titleVi: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

/**
 * A fee in whole VND (the đồng has no minor unit): fixed, or per unit of an integer form field.
 * `refundedOnRejection`: the procedure returns this fee when the dossier is rejected after it
 * was paid (left out: it is not returned).
 */
export type Fee =
  | { readonly code: string; readonly nameVi: string; readonly kind: 'fixed'; readonly amountVnd: number; readonly refundedOnRejection?: boolean }
  | {
      readonly code: string;
      readonly nameVi: string;
      readonly kind: 'per_unit';
      readonly refundedOnRejection?: boolean;
      readonly unitAmountVnd: number;
      /** The application form's integer field that counts the units, e.g. the number of copies. */
      readonly unitField: string;
    };

export interface ProcedureInformation {
  readonly nationalCode: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly level: 1 | 2 | 3 | 4;
  readonly steps: readonly ProcedureStep[];
  readonly methodVi: string;
  readonly components: readonly DossierComponent[];
  readonly processingWorkingDays: number;
  readonly subjectsVi: readonly string[];
  readonly handlingAgencyVi: string;
  readonly result: { readonly documentTypeCode: string; readonly nameVi: string };
  readonly forms: readonly FormTemplate[];
  readonly requirementsVi: readonly string[];
  readonly fees: readonly Fee[];
  readonly receiving: readonly Channel[];
  readonly returning: readonly Channel[];
}

/** A citizen's answers to one form: field name to value, flat like the form itself. */
export type FormAnswers = Record<string, string | number | boolean>;
