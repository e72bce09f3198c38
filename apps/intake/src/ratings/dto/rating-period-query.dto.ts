import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** Months are checked by `monthRange`, which answers with the ratings module's own codes. */
export class RatingPeriodQueryDto {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month, YYYY-MM (Vietnam time); default: 11 months before `to`' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month, YYYY-MM, included; default: the current month' })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ example: 'JUS-CRIMINAL-RECORD', description: 'Only this procedure' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  procedureCode?: string;
}
