import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { OfficialName } from '../common/official-name.decorator';

export class UpsertDocumentTypeDto {
  @OfficialName()
  nameVi!: string;

  @OfficialName()
  nameEn!: string;

  /** Required, but may be null: leaving it out is more likely a mistake than "valid forever". */
  @ApiProperty({ type: 'integer', nullable: true, description: 'Months a verification stays valid by default; null means without limit.' })
  @ValidateIf((dto: UpsertDocumentTypeDto) => dto.validityMonths !== null)
  @IsInt()
  @Min(1)
  @Max(1_200)
  validityMonths!: number | null;
}

export interface DocumentTypeView {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly validityMonths: number | null;
}
