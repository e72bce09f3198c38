import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '../../templates/template-definition';

/** A Vietnamese mobile number, as 0xxxxxxxxx or +84xxxxxxxxx. */
export const VN_MOBILE = /^(0|\+84)(3|5|7|8|9)\d{8}$/;

/** The whole of a citizen's choices: PUT replaces them all, so nothing is half-changed. */
export class PreferencesDto {
  @ApiProperty({ enum: LANGUAGES, description: 'Vietnamese unless the citizen chooses English.' })
  @IsIn(LANGUAGES)
  language!: Language;

  @ApiPropertyOptional({ nullable: true, example: 'nguyen.van.an@example.vn' })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '0912345678' })
  @IsOptional()
  @Matches(VN_MOBILE, { message: 'phone must be a Vietnamese mobile number (0912345678 or +84912345678)' })
  phone?: string | null;

  @ApiProperty() @IsBoolean() emailEnabled!: boolean;
  @ApiProperty() @IsBoolean() smsEnabled!: boolean;
  @ApiProperty() @IsBoolean() inAppEnabled!: boolean;

  @ApiProperty({ description: 'Be told when an agency reuses one of your documents from the vault.' })
  @IsBoolean()
  accessAlerts!: boolean;
}

export interface PreferencesView {
  readonly language: Language;
  readonly email: string | null;
  readonly phone: string | null;
  readonly emailEnabled: boolean;
  readonly smsEnabled: boolean;
  readonly inAppEnabled: boolean;
  readonly accessAlerts: boolean;
}
