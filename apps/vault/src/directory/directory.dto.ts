import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString } from 'class-validator';
import { GOVERNING_BODY_KINDS, type GoverningBodyKind } from '@app/contracts';
import { AGENCY_TIERS, type AgencyTier } from './agency.entity';
import { OfficialName } from '../common/official-name.decorator';

export class UpsertGoverningBodyDto {
  @ApiProperty({ enum: GOVERNING_BODY_KINDS })
  @IsIn(GOVERNING_BODY_KINDS)
  kind!: GoverningBodyKind;

  @OfficialName()
  nameVi!: string;

  @OfficialName()
  nameEn!: string;
}

export class UpsertAgencyDto {
  /** Checked against AGENCY_CODE_PATTERN by the service, so it fails with INVALID_AGENCY_CODE like a path code. */
  @ApiProperty({ example: '000.00.00.H26' })
  @IsString()
  governingBodyCode!: string;

  @OfficialName()
  nameVi!: string;

  @OfficialName()
  nameEn!: string;

  @ApiProperty({ enum: AGENCY_TIERS })
  @IsIn(AGENCY_TIERS)
  tier!: AgencyTier;
}

export class SetDataSharingDto {
  @ApiProperty()
  @IsBoolean()
  connected!: boolean;

  @ApiPropertyOptional({ description: 'When the change took effect; defaults to now, must not be in the future.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;
}

export interface AgencyView {
  readonly code: string;
  readonly governingBodyCode: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly tier: AgencyTier;
}

export interface GoverningBodyView {
  readonly code: string;
  readonly kind: GoverningBodyKind;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly dataSharing: { readonly connected: boolean; readonly effectiveFrom: string };
  readonly agencies: AgencyView[];
}
