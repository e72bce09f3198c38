import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { NormalizedText } from '@app/platform';

/** A refusal or a rejection must say why: the slip and the citizen's notice print it. */
export class ReasonDto {
  @ApiProperty({ example: 'Hồ sơ không thuộc thẩm quyền giải quyết của Sở Tư pháp.' })
  @NormalizedText()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @NormalizedText()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class ApologyDto {
  @ApiProperty({ example: 'Hồ sơ cần xác minh thêm tại cơ quan khác.' })
  @NormalizedText()
  @IsString()
  @Length(1, 2000)
  reason!: string;

  /** A working day after today; left out, the platform's standard extension applies. */
  @ApiPropertyOptional({ example: '2026-12-15' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  newAppointmentDate?: string;
}
