import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { JWK } from 'jose';
import { ApiErrorCodes, Public, Roles } from '@app/platform';
import { assertAgencyCode, DirectoryErrorCode } from '../directory/directory.errors';
import { SigningKeyErrorCode } from './signing-key.errors';
import { RegisterSigningKeyDto, type SigningKeyView } from './signing-keys.dto';
import { SigningKeysService } from './signing-keys.service';

/**
 * The key directory. Registering and retiring keys is for admins; the JWK Sets are open to
 * anyone, without a login: they hold public keys, and whoever checks a signature needs them.
 */
@ApiTags('directory')
// The agency JWKS route checks its code with the directory's own rule, and answers its INVALID_AGENCY_CODE.
@ApiErrorCodes({ codes: [SigningKeyErrorCode, DirectoryErrorCode] })
@Controller('directory')
export class SigningKeysController {
  constructor(private readonly keys: SigningKeysService) {}

  @Put('signing-keys/:kid')
  @Roles('admin')
  @ApiBearerAuth()
  async register(@Param('kid') kid: string, @Body() body: RegisterSigningKeyDto, @Res({ passthrough: true }) response: Response): Promise<SigningKeyView> {
    const result = await this.keys.register(kid, body);
    response.status(result.outcome === 'created' ? HttpStatus.CREATED : HttpStatus.OK);
    return result.key;
  }

  @Post('signing-keys/:kid/retirement')
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  retire(@Param('kid') kid: string): Promise<SigningKeyView> {
    return this.keys.retire(kid);
  }

  @Get('agencies/:code/jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  agencyJwks(@Param('code') code: string): Promise<{ keys: JWK[] }> {
    assertAgencyCode(code);
    return this.keys.jwks('agency', code);
  }

  @Get('services/:name/jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  serviceJwks(@Param('name') name: string): Promise<{ keys: JWK[] }> {
    return this.keys.jwks('service', name);
  }
}
