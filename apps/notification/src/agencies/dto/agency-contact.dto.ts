import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '../../templates/template-definition';

export class AgencyContactDto {
  @ApiProperty({ example: 'mot-cua@phuong-ba-dinh.hanoi.gov.vn', description: "The desk's shared mailbox, not an officer's own." })
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language!: Language;
}
