import { RegisterSigningKeyDto } from '../signing-keys/signing-keys.dto';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { GOVERNING_BODY_KINDS, type GoverningBodyKind } from '@app/contracts';
import { AGENCY_TIERS, type AgencyTier } from '../directory/agency.entity';
import { OfficialName } from '../common/official-name.decorator';

/** Shapes of deploy/seed/directory.json and document-types.json; codes are checked by the services. */
class SeedAgency {
  @IsString()
  code!: string;

  @OfficialName()
  nameVi!: string;

  @OfficialName()
  nameEn!: string;

  @IsIn(AGENCY_TIERS)
  tier!: AgencyTier;
}

class SeedDataSharing {
  @IsBoolean()
  connected!: boolean;

  @IsISO8601({ strict: true })
  effectiveFrom!: string;
}

class SeedGoverningBody {
  @IsString()
  code!: string;

  @IsIn(GOVERNING_BODY_KINDS)
  kind!: GoverningBodyKind;

  @OfficialName()
  nameVi!: string;

  @OfficialName()
  nameEn!: string;

  @ValidateNested()
  @Type(() => SeedDataSharing)
  dataSharing!: SeedDataSharing;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SeedAgency)
  agencies!: SeedAgency[];
}

export class SeedDirectory {
  @IsOptional()
  @IsString()
  _note?: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SeedGoverningBody)
  governingBodies!: SeedGoverningBody[];
}

class SeedDocumentType {
  @IsString()
  code!: string;

  @OfficialName()
  nameVi!: string;

  @OfficialName()
  nameEn!: string;

  @ValidateIf((type: SeedDocumentType) => type.validityMonths !== null)
  @IsInt()
  @Min(1)
  @Max(1_200)
  validityMonths!: number | null;
}

export class SeedDocumentTypes {
  @IsOptional()
  @IsString()
  _note?: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SeedDocumentType)
  documentTypes!: SeedDocumentType[];
}

class SeedSigningKey extends RegisterSigningKeyDto {
  @IsString()
  kid!: string;
}

/** `signing-keys.json`: public keys to register, as the platform's key generator writes them. */
export class SeedSigningKeys {
  @IsOptional()
  @IsString()
  _note?: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SeedSigningKey)
  signingKeys!: SeedSigningKey[];
}
