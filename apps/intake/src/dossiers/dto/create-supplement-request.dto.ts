import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsString, Length } from 'class-validator';

export class CreateSupplementRequestDto {
  @ApiProperty({ type: [String], example: ['HEALTH_CERTIFICATE'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  documentTypeCodes!: string[];

  @ApiProperty({ example: 'The scan of the health certificate is unreadable; please upload a clearer copy.' })
  @IsString()
  @Length(1, 2000)
  note!: string;
}
