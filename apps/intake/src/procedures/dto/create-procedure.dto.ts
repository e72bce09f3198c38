import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, Matches } from 'class-validator';
import { PROCEDURE_CODE_PATTERN } from '../procedure-seed';

export class CreateProcedureDto {
  @ApiProperty({ example: 'JUS-NATIONALITY-CONFIRMATION', pattern: PROCEDURE_CODE_PATTERN.source })
  @Matches(PROCEDURE_CODE_PATTERN)
  code!: string;

  /** Checked against the Level 1 structure by the service (`PROCEDURE_DRAFT_SCHEMA`), not here. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Partial Level 1 information' })
  @IsOptional()
  @IsObject()
  draft?: Record<string, unknown>;
}
