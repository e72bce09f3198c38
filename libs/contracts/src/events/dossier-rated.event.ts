import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { IsTimestamp } from '../timestamp';

/** The three levels of Circular 32/2017/TT-BTTTT: rất hài lòng, hài lòng, chưa hài lòng. */
export const SATISFACTION_LEVELS = ['very_satisfied', 'satisfied', 'not_satisfied'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

/** Each detailed criterion the citizen chose to rate, on the same three levels. */
export class DossierRatingCriteriaV1 {
  /** Ease of access to the service. */
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  access?: SatisfactionLevel;

  /** Handled on time. */
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  onTime?: SatisfactionLevel;

  /** The officials' attitude. */
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  attitude?: SatisfactionLevel;

  /** Clarity of the guidance given. */
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  guidance?: SatisfactionLevel;
}

/**
 * A citizen rated how a level 3 or 4 dossier was handled at `agencyCode`, once its result was
 * delivered. Neither the comment nor anything naming the citizen travels: a rating is counted,
 * not traced back.
 */
export class DossierRatedV1 {
  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @IsString()
  @Length(1, 64)
  procedureCode!: string;

  @IsIn([3, 4])
  procedureLevel!: 3 | 4;

  @IsIn(SATISFACTION_LEVELS)
  satisfaction!: SatisfactionLevel;

  @ValidateNested()
  @Type(() => DossierRatingCriteriaV1)
  criteria!: DossierRatingCriteriaV1;

  @IsTimestamp()
  ratedAt!: string;
}

export const DossierRated = defineEvent({
  type: 'vn.gov.intake.dossier.rated.v1',
  payload: DossierRatedV1,
  topic: () => 'intake.dossier-rated.v1',
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});
