import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** The gateways a citizen can choose; which of them this deployment offers is checked at checkout. */
export const GATEWAY_NAMES = ['sandbox', 'vietqr', 'paygov'] as const;

export class CheckoutDto {
  @ApiProperty({ enum: GATEWAY_NAMES })
  @IsIn(GATEWAY_NAMES)
  gateway!: (typeof GATEWAY_NAMES)[number];
}
