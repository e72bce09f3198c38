import type { Channel, DossierComponent, Fee, FormAnswers, FormTemplate, ProcedureInformation } from './procedure-information';

/**
 * The legal rules the catalog and the dossier lifecycle read off a procedure's Level 1
 * information (Circular 32/2017/TT-BTTTT, Decree 42/2022/NĐ-CP). Pure functions: no I/O, so
 * every rule is tested by a table of cases.
 */

/** Decree 42/2022/NĐ-CP, Article 11: how much of a procedure can be done online. */
export type Classification = 'not_online' | 'partial_online' | 'full_online';

/** Every Level 1 field, in the order the catalog shows them: the names `missingLevel1Fields` answers with. */
export const LEVEL1_FIELDS = [
  'nationalCode',
  'nameVi',
  'nameEn',
  'level',
  'steps',
  'methodVi',
  'components',
  'processingWorkingDays',
  'subjectsVi',
  'handlingAgencyVi',
  'result',
  'forms',
  'requirementsVi',
  'fees',
  'receiving',
  'returning',
] as const satisfies readonly (keyof ProcedureInformation)[];

export type Level1Field = (typeof LEVEL1_FIELDS)[number];

/**
 * Fields a complete procedure may leave empty: a free procedure has no fee, one that needs
 * nothing but the application form has no other component, and an L1 procedure has no form
 * or no condition to meet. Absent (never written) is still missing.
 */
const MAY_BE_EMPTY: ReadonlySet<Level1Field> = new Set(['components', 'fees', 'forms', 'requirementsVi']);

/** The Level 1 fields a draft lacks, whatever its level: absent, blank, or an empty list that may not be empty. */
export function missingLevel1Fields(info: Partial<ProcedureInformation>): Level1Field[] {
  return LEVEL1_FIELDS.filter((field) => {
    const value: unknown = info[field];
    if (value === undefined || value === null) return true;
    if (typeof value === 'string') return value.trim() === '';
    if (Array.isArray(value)) return value.length === 0 && !MAY_BE_EMPTY.has(field);
    if (field === 'processingWorkingDays') return typeof value !== 'number' || value < 1;
    if (field === 'result') {
      const result = value as Partial<ProcedureInformation['result']>;
      return !result.documentTypeCode || !result.nameVi?.trim();
    }
    return false;
  });
}

/** The document types a dossier must carry: the components marked required, each type once, in their order. */
export function requiredDocumentTypes(info: Pick<ProcedureInformation, 'components'>): string[] {
  return [...new Set(info.components.filter((component) => component.required).map((component) => component.documentTypeCode))];
}

/** The form a citizen fills in when filing (L3 and L4 have exactly one; L1 and L2 may have one to print). */
export function applicationForm(info: Pick<ProcedureInformation, 'forms'>): FormTemplate | undefined {
  return info.forms.find((form) => form.kind === 'application');
}

/** Level 3 and up receive dossiers online (Circular 32/2017, Article 9). */
export function acceptsOnlineDossiers(info: Pick<ProcedureInformation, 'level' | 'receiving'>): boolean {
  return info.level >= 3 && info.receiving.includes('online');
}

/** Only level 4 takes the fee online. */
export function acceptsOnlinePayment(info: Pick<ProcedureInformation, 'level'>): boolean {
  return info.level === 4;
}

/** Level 4 returns the result online; it may also offer the desk or the post. */
export function returnsResultsOnline(info: Pick<ProcedureInformation, 'level' | 'returning'>): boolean {
  return info.level === 4 && info.returning.includes('online');
}

/**
 * The fee of one dossier in whole VND: every fixed fee, plus each per-unit fee times the
 * integer the citizen gave in its field (an absent answer counts no unit). Integers only, and
 * a sum past Number.MAX_SAFE_INTEGER is refused rather than rounded.
 */
export function feeVnd(info: Pick<ProcedureInformation, 'fees'>, answers: FormAnswers): number {
  let total = 0;
  for (const fee of info.fees) {
    total += feeAmount(fee, answers);
    if (!Number.isSafeInteger(total)) throw new RangeError(`the fee of ${fee.code} does not fit a whole number of đồng`);
  }
  return total;
}

/** What a rejection after payment gives back: the fees the procedure returns, for these answers. */
export function refundOnRejectionVnd(info: Pick<ProcedureInformation, 'fees'>, answers: FormAnswers): number {
  return feeVnd({ fees: info.fees.filter((fee) => fee.refundedOnRejection === true) }, answers);
}

function feeAmount(fee: Fee, answers: FormAnswers): number {
  if (fee.kind === 'fixed') return fee.amountVnd;
  const units = answers[fee.unitField] ?? 0;
  if (typeof units !== 'number' || !Number.isSafeInteger(units) || units < 0) {
    throw new RangeError(`${fee.unitField} must be a whole number of units for fee ${fee.code}, not ${String(units)}`);
  }
  return fee.unitAmountVnd * units;
}

/**
 * A component whose original must be shown ("bản chính để đối chiếu") needs the citizen at
 * the desk. `originals` counts the originals the citizen hands in or shows; a procedure that
 * can be done wholly online asks for none, only for electronic copies (`copies`).
 */
export function needsOriginalsInPerson(component: DossierComponent): boolean {
  return component.originals > 0;
}

/**
 * Decree 42/2022/NĐ-CP, Article 11, read off the same data:
 * - `not_online` when dossiers are not received online (L1 and L2);
 * - `full_online` ("toàn trình") when everything can be done online: dossiers received
 *   online, the fee (if any) paid online (L4), the result returned online, and no component
 *   whose original must be presented in person (`originals > 0`);
 * - `partial_online` ("một phần") otherwise.
 */
export function classify(info: Pick<ProcedureInformation, 'level' | 'receiving' | 'returning' | 'fees' | 'components'>): Classification {
  if (!acceptsOnlineDossiers(info)) return 'not_online';
  const feePaidOnline = info.fees.length === 0 || acceptsOnlinePayment(info);
  const noOriginalsInPerson = !info.components.some(needsOriginalsInPerson);
  return feePaidOnline && returnsResultsOnline(info) && noOriginalsInPerson ? 'full_online' : 'partial_online';
}

/** What a level promises the citizen, as the catalog shows it next to the classification. */
export function levelPromises(info: Pick<ProcedureInformation, 'level' | 'receiving' | 'returning'>) {
  return {
    acceptsOnlineDossiers: acceptsOnlineDossiers(info),
    acceptsOnlinePayment: acceptsOnlinePayment(info),
    returnsResultsOnline: returnsResultsOnline(info),
  };
}

/**
 * What stops a draft from being published at its level, one sentence each, judged on the
 * fields it has (a missing one is `missingLevel1Fields`' to report): L1 and L2 do not receive
 * or return online; L2 has a form to print; L3 and L4 receive online and have one application
 * form; L3 returns results at the desk or by post, L4 online; a per-unit fee counts an integer
 * field of the application form; document types are known.
 */
export function levelProblems(info: Partial<ProcedureInformation>, knownDocumentTypes: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const { level, receiving, returning, forms, fees = [], components = [], result } = info;
  const online = (channels: readonly Channel[] | undefined) => channels?.includes('online');
  if (level !== undefined) {
    if (level <= 2 && online(receiving)) problems.push(`a level ${level} procedure does not receive dossiers online`);
    if (level <= 2 && online(returning)) problems.push(`a level ${level} procedure does not return results online`);
    if (level === 2 && forms?.length === 0) problems.push('a level 2 procedure offers at least one form to print');
    if (level >= 3 && receiving && !online(receiving)) problems.push(`a level ${level} procedure receives dossiers online`);
    if (level >= 3 && forms && !applicationForm({ forms })) problems.push(`a level ${level} procedure has an application form`);
    if (level === 3 && online(returning)) problems.push('a level 3 procedure returns results in person or by post, not online');
    if (level === 4 && returning && !online(returning)) problems.push('a level 4 procedure returns results online');
  }
  if (forms) {
    if (forms.filter((candidate) => candidate.kind === 'application').length > 1) problems.push('a procedure has at most one application form');
    problems.push(...duplicates(forms.map((form) => form.code)).map((code) => `form ${code} is listed twice`));
  }
  const form = forms ? applicationForm({ forms }) : undefined;
  for (const fee of fees) {
    if (fee.kind !== 'per_unit' || !forms) continue;
    if (!form || fieldSchema(form, fee.unitField)?.type !== 'integer') problems.push(`fee ${fee.code} counts ${fee.unitField}, which must be an integer field of the application form`);
  }
  problems.push(...duplicates(fees.map((fee) => fee.code)).map((code) => `fee ${code} is listed twice`));
  for (const component of components) {
    if (!knownDocumentTypes.has(component.documentTypeCode)) problems.push(`component ${component.nameVi} has an unknown document type ${component.documentTypeCode}`);
  }
  if (result && !knownDocumentTypes.has(result.documentTypeCode)) problems.push(`the result has an unknown document type ${result.documentTypeCode}`);
  return problems;
}

function duplicates(codes: readonly string[]): string[] {
  return [...new Set(codes.filter((code, index) => codes.indexOf(code) !== index))];
}

function fieldSchema(form: FormTemplate, name: string): { type?: unknown } | undefined {
  const properties = form.schema.properties;
  if (typeof properties !== 'object' || properties === null || !Object.hasOwn(properties, name)) return undefined;
  return (properties as Record<string, { type?: unknown }>)[name];
}
