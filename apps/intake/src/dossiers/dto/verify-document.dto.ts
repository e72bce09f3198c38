import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class VerifyDocumentDto {
  /** End of validity as the officer read it on the original; absent means the type's default applies. */
  @ApiPropertyOptional({ example: '2031-06-30', description: 'ISO 8601 date (or date-time); must be in the future' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;
}
