import { Type, plainToInstance } from 'class-transformer';
import { ArrayUnique, IsArray, IsInt, IsString, Length, Matches, Max, Min, ValidateNested, validateSync, type ValidationError } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '@app/contracts';

export class ProcedureSeedEntry {
  @Matches(/^[A-Z][A-Z0-9-]{1,63}$/)
  code!: string;

  @IsString()
  @Length(1, 500)
  nameVi!: string;

  @IsString()
  @Length(1, 500)
  nameEn!: string;

  @IsInt()
  @Min(1)
  @Max(4)
  level!: number;

  @IsInt()
  @Min(0)
  feeVnd!: number;

  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  requiredDocumentTypes!: string[];

  @IsArray()
  @Matches(AGENCY_CODE_PATTERN, { each: true })
  agencies!: string[];
}

export class ProcedureSeedFile {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProcedureSeedEntry)
  procedures!: ProcedureSeedEntry[];
}

/**
 * Parses the national procedure catalog file and keeps what one agency offers. A bad entry
 * stops the whole seed with its position named: half a catalog is worse than none.
 */
export function proceduresOffered(raw: unknown, agencyCode: string): ProcedureSeedEntry[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('procedures.json must hold an object with "procedures"');
  const file = plainToInstance(ProcedureSeedFile, raw);
  const errors = validateSync(file, { forbidUnknownValues: true });
  if (errors.length > 0) throw new Error(`procedures.json is invalid: ${flatten(errors).join('; ')}`);
  const codes = file.procedures.map((entry) => entry.code);
  const duplicate = codes.find((code, index) => codes.indexOf(code) !== index);
  if (duplicate) throw new Error(`procedures.json lists ${duplicate} twice`);
  return file.procedures.filter((entry) => entry.agencies.includes(agencyCode));
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const at = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${at}: ${message}`);
    return [...own, ...flatten(error.children ?? [], at)];
  });
}
