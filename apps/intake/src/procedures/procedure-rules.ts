// TEMPORARY stand-in until the catalog branch lands with the real rules (same names).
import type { FormAnswers, FormTemplate, ProcedureInformation } from './procedure-information';

export function requiredDocumentTypes(info: ProcedureInformation): string[] {
  return info.components.filter((component) => component.required).map((component) => component.documentTypeCode);
}

export function applicationForm(info: ProcedureInformation): FormTemplate | undefined {
  return info.forms.find((form) => form.kind === 'application');
}

export function feeVnd(info: ProcedureInformation, answers: FormAnswers): number {
  return info.fees.reduce((sum, fee) => sum + (fee.kind === 'fixed' ? fee.amountVnd : fee.unitAmountVnd * Number(answers[fee.unitField] ?? 0)), 0);
}

export function acceptsOnlinePayment(info: ProcedureInformation): boolean {
  return info.level === 4;
}
