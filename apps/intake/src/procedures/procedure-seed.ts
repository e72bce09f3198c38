import { Type, plainToInstance } from 'class-transformer';
import { IsArray, IsObject, IsString, Length, Matches, ValidateNested, validateSync, type ValidationError } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '@app/contracts';
import { draftProblems, publicationRefusal } from './procedure-draft';
import type { ProcedureInformation } from './procedure-information';

export const PROCEDURE_CODE_PATTERN = /^[A-Z][A-Z0-9-]{1,63}$/;

export class ProcedureSeedEntry {
  @Matches(PROCEDURE_CODE_PATTERN)
  code!: string;

  @IsArray()
  @Matches(AGENCY_CODE_PATTERN, { each: true })
  agencies!: string[];

  /** The full Level 1 information; checked as a publication would check it. */
  @IsObject()
  information!: ProcedureInformation;
}

export class ProcedureSeedFile {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProcedureSeedEntry)
  procedures!: ProcedureSeedEntry[];
}

export class DocumentTypeSeedEntry {
  @Matches(/^[A-Z][A-Z0-9_]{1,63}$/)
  code!: string;

  @IsString()
  @Length(1, 500)
  nameVi!: string;
}

/** Only what the intake needs of deploy/seed/document-types.json; the vault owns the rest. */
export class DocumentTypeSeedFile {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DocumentTypeSeedEntry)
  documentTypes!: DocumentTypeSeedEntry[];
}

/** The document types a procedure may name, from the platform's seed. */
export function documentTypesOfSeed(raw: unknown): DocumentTypeSeedEntry[] {
  return parse(DocumentTypeSeedFile, raw, 'document-types.json', 'documentTypes').documentTypes;
}

/**
 * Parses the national procedure catalog file and keeps what one agency offers. Every entry
 * must be publishable as it stands (the same checks as `POST /procedures/:code/publication`,
 * against the seed's document types); a bad entry stops the whole seed with its position
 * named: half a catalog is worse than none.
 */
export function proceduresOffered(raw: unknown, agencyCode: string, knownDocumentTypes: ReadonlySet<string>): ProcedureSeedEntry[] {
  const file = parse(ProcedureSeedFile, raw, 'procedures.json', 'procedures');
  const codes = file.procedures.map((entry) => entry.code);
  const duplicate = codes.find((code, index) => codes.indexOf(code) !== index);
  if (duplicate) throw new Error(`procedures.json lists ${duplicate} twice`);
  file.procedures.forEach((entry, index) => {
    const at = `procedures.json procedures.${index} (${entry.code})`;
    const problems = draftProblems(entry.information);
    if (problems.length > 0) throw new Error(`${at} is invalid: ${problems.map((problem) => `information${problem.path} ${problem.message}`).join('; ')}`);
    const refusal = publicationRefusal(entry.information, knownDocumentTypes);
    if (refusal) throw new Error(`${at} cannot be published: ${[...refusal.missing.map((field) => `lacks ${field}`), ...refusal.problems].join('; ')}`);
  });
  return file.procedures.filter((entry) => entry.agencies.includes(agencyCode));
}

function parse<T extends object>(type: new () => T, raw: unknown, file: string, key: string): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file} must hold an object with "${key}"`);
  const parsed = plainToInstance(type, raw);
  const errors = validateSync(parsed, { forbidUnknownValues: true });
  if (errors.length > 0) throw new Error(`${file} is invalid: ${flatten(errors).join('; ')}`);
  return parsed;
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const at = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${at}: ${message}`);
    return [...own, ...flatten(error.children ?? [], at)];
  });
}
