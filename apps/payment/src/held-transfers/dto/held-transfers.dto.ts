import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NormalizedText, PageQuery } from '@app/platform';

export const HELD_TRANSFER_STATUSES = ['held', 'to_refund', 'accepted'] as const;

export class HeldTransfersQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: HELD_TRANSFER_STATUSES, default: 'held' })
  @IsOptional()
  @IsIn(HELD_TRANSFER_STATUSES)
  status: (typeof HELD_TRANSFER_STATUSES)[number] = 'held';
}

export class ResolutionDto {
  @ApiProperty({ enum: ['refund', 'accept'], description: 'refund: the money goes back to the payer by hand; accept: the transfer pays its order (exact amount only).' })
  @IsIn(['refund', 'accept'])
  action!: 'refund' | 'accept';

  @ApiProperty({ minLength: 1, maxLength: 500 })
  @NormalizedText()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  note!: string;
}
