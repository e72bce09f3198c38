import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { JWK } from 'jose';
import { KEY_OWNER_KINDS, type KeyOwnerKind } from './signing-key.entity';

export class RegisterSigningKeyDto {
  @ApiProperty({ enum: KEY_OWNER_KINDS })
  @IsIn(KEY_OWNER_KINDS)
  ownerKind!: KeyOwnerKind;

  /** An agency code for an intake's key, a service name (vault, payment, notification) otherwise. */
  @ApiProperty({ example: '000.00.12.H26' })
  @IsString()
  @MaxLength(64)
  ownerCode!: string;

  @ApiProperty({ description: 'The public JWK (no private member).', type: 'object', additionalProperties: true })
  @IsObject()
  jwk!: JWK;

  /** Defaults to now. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  notBefore?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  notAfter?: string;
}

export interface SigningKeyView {
  readonly kid: string;
  readonly ownerKind: KeyOwnerKind;
  readonly ownerCode: string;
  readonly jwk: JWK;
  readonly notBefore: string;
  readonly notAfter: string | null;
  readonly retiredAt: string | null;
}
