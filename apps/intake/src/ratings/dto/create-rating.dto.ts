import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { SATISFACTION_LEVELS, type SatisfactionLevel } from '@app/contracts';

export class RatingCriteriaDto {
  @ApiPropertyOptional({ enum: SATISFACTION_LEVELS, description: 'Ease of access to the service' })
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  access?: SatisfactionLevel;

  @ApiPropertyOptional({ enum: SATISFACTION_LEVELS, description: 'Handled on time' })
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  onTime?: SatisfactionLevel;

  @ApiPropertyOptional({ enum: SATISFACTION_LEVELS, description: "The officials' attitude" })
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  attitude?: SatisfactionLevel;

  @ApiPropertyOptional({ enum: SATISFACTION_LEVELS, description: 'Clarity of the guidance given' })
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  guidance?: SatisfactionLevel;
}

export class CreateRatingDto {
  @ApiProperty({ enum: SATISFACTION_LEVELS, description: 'Rất hài lòng, hài lòng or chưa hài lòng' })
  @IsIn(SATISFACTION_LEVELS)
  satisfaction!: SatisfactionLevel;

  @ApiPropertyOptional({ type: RatingCriteriaDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RatingCriteriaDto)
  criteria?: RatingCriteriaDto;

  /** Normalised to NFC before it is measured, so a decomposed "ệ" counts as the one letter it is; blank is no comment. */
  @ApiPropertyOptional({ maxLength: 1000, description: 'Free text, 1–1000 characters (NFC); shown to this agency only, never published' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() || undefined : value))
  @IsString()
  @Length(1, 1000)
  comment?: string;
}
