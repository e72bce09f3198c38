import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';

export const DESK_CHANNELS = ['in_person', 'post'] as const;
export type DeskChannel = (typeof DESK_CHANNELS)[number];

/** A fee taken at a level 3 desk: how it came in and the desk's own receipt. */
export class DeskPaymentDto {
  @ApiProperty({ enum: DESK_CHANNELS })
  @IsIn(DESK_CHANNELS)
  channel!: DeskChannel;

  /** The number on the desk's receipt (biên lai); unique within the agency. */
  @ApiProperty({ minLength: 1, maxLength: 40, example: 'BL-2026-000042' })
  @IsString()
  @Length(1, 40)
  @Matches(/^\S(.*\S)?$/, { message: 'receiptNumber must not start or end with a space' })
  receiptNumber!: string;
}
