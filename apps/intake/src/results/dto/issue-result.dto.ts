import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { NormalizedText } from '@app/platform';

export class ResultLineDto {
  @ApiProperty({ example: 'Tình trạng án tích' })
  @NormalizedText()
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiProperty({ example: 'Không có án tích' })
  @NormalizedText()
  @IsString()
  @Length(1, 1000)
  value!: string;
}

/** What the officer decided, as it is printed on the result. */
export class IssueResultDto {
  @ApiProperty({ example: 'Ông/bà không bị cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã.' })
  @NormalizedText()
  @IsString()
  @Length(1, 2000)
  summary!: string;

  @ApiPropertyOptional({ type: [ResultLineDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ResultLineDto)
  lines?: ResultLineDto[];

  /** Left out, the number is the dossier code's. */
  @ApiPropertyOptional({ example: '1234/2026/LLTP' })
  @IsOptional()
  @NormalizedText()
  @IsString()
  @Length(1, 64)
  resultNumber?: string;

  /** End of the result's validity, where its type has one (a criminal record certificate: 6 months by default). */
  @ApiPropertyOptional({ example: '2027-06-02' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  validUntil?: string;
}

export class RevokeResultDto {
  @ApiProperty({ example: 'Cấp nhầm do sai sót thông tin.' })
  @NormalizedText()
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
