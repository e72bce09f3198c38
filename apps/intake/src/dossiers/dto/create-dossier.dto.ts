import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreateDossierDto {
  @ApiProperty({ example: 'JUS-CRIMINAL-RECORD' })
  @IsString()
  @Length(1, 64)
  procedureCode!: string;
}
