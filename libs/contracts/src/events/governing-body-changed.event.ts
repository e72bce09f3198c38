import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { IsTimestamp } from '../timestamp';

export const GOVERNING_BODY_KINDS = ['ministry', 'ministry-level-agency', 'government-agency', 'province'] as const;
export type GoverningBodyKind = (typeof GOVERNING_BODY_KINDS)[number];

export class AgencySnapshot {
  @Matches(AGENCY_CODE_PATTERN)
  code!: string;

  @IsString()
  @MaxLength(300)
  nameVi!: string;

  @IsString()
  @MaxLength(300)
  nameEn!: string;
}

/** The whole of one governing body after any change to it or its agencies: consumers need no history. */
export class GoverningBodyChangedV1 {
  @Matches(AGENCY_CODE_PATTERN)
  code!: string;

  @IsIn(GOVERNING_BODY_KINDS)
  kind!: GoverningBodyKind;

  @IsString()
  @MaxLength(300)
  nameVi!: string;

  @IsString()
  @MaxLength(300)
  nameEn!: string;

  @IsBoolean()
  dataSharingConnected!: boolean;

  /** When the current connected/disconnected state took effect. */
  @IsTimestamp()
  dataSharingEffectiveFrom!: string;

  @ValidateNested({ each: true })
  @Type(() => AgencySnapshot)
  agencies!: AgencySnapshot[];
}

export const GoverningBodyChanged = defineEvent({
  type: 'vn.gov.vault.directory.governing-body-changed.v1',
  payload: GoverningBodyChangedV1,
  topic: () => 'vault.directory-changed.v1',
  key: (body) => body.code,
  subject: (body) => body.code,
});
