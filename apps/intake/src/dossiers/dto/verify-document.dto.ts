import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTimestamp, MAX_TIMESTAMP_LENGTH } from '@app/contracts';

export class VerifyDocumentDto {
  /**
   * End of validity as the officer read it on the original; absent means the type's default
   * applies. It travels as given in DocumentVerified, so it takes the event's own bound here,
   * where a longer one is a 400 rather than an event the outbox refuses.
   */
  @ApiPropertyOptional({ example: '2031-06-30', maxLength: MAX_TIMESTAMP_LENGTH, description: 'ISO 8601 date (or date-time); must be in the future' })
  @IsOptional()
  @IsTimestamp()
  validUntil?: string;
}
