import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/platform';
import { formAjv } from '../forms/form-ajv';
import { formSchemaProblems } from '../forms/form-schema.rule';
import { PROCEDURE_DRAFT_SCHEMA } from './procedure-draft.schema';
import { ProcedureErrorCode } from './procedure-error-code';
import type { ProcedureInformation } from './procedure-information';
import { levelProblems, missingLevel1Fields, type Level1Field } from './procedure-rules';

const checkDraft = formAjv().compile<Partial<ProcedureInformation>>(PROCEDURE_DRAFT_SCHEMA);

export interface DraftProblem {
  readonly path: string;
  readonly message: string;
}

/** The structural problems of a draft (types, integers, enums, unknown fields); empty when it is well formed, however incomplete. */
export function draftProblems(raw: unknown): DraftProblem[] {
  if (checkDraft(raw)) return [];
  return (checkDraft.errors ?? []).map((error) => {
    const params = error.params as { additionalProperty?: string };
    const path = params.additionalProperty ? `${error.instancePath}/${params.additionalProperty}` : error.instancePath;
    return { path: path || '/', message: error.message ?? 'is invalid' };
  });
}

/** A draft as the API receives it: refused with every structural problem, accepted incomplete. */
export function parseDraft(raw: unknown): Partial<ProcedureInformation> {
  const problems = draftProblems(raw);
  if (problems.length > 0) {
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      ProcedureErrorCode.DraftInvalid,
      `The draft is not well formed: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}.`,
      { errors: problems },
    );
  }
  return raw as Partial<ProcedureInformation>;
}

export interface PublicationRefusal {
  readonly missing: Level1Field[];
  readonly problems: string[];
}

/**
 * Why a draft cannot be published, or null when it can: every missing Level 1 field, whatever
 * the level, and what the fields it has get wrong for its level and its forms.
 */
export function publicationRefusal(draft: Partial<ProcedureInformation>, knownDocumentTypes: ReadonlySet<string>): PublicationRefusal | null {
  const missing = missingLevel1Fields(draft);
  const problems = [...levelProblems(draft, knownDocumentTypes), ...(draft.forms ?? []).flatMap(formSchemaProblems)];
  return missing.length > 0 || problems.length > 0 ? { missing, problems } : null;
}

export function incompleteError(code: string, refusal: PublicationRefusal): ApiError {
  const parts = [
    ...(refusal.missing.length > 0 ? [`it lacks ${refusal.missing.join(', ')}`] : []),
    ...refusal.problems,
  ];
  return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, ProcedureErrorCode.ProcedureIncomplete, `Procedure ${code} cannot be published: ${parts.join('; ')}.`, {
    missing: refusal.missing,
    problems: refusal.problems,
  });
}
