import { Body, Controller, Get, Headers, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, Roles } from '@app/platform';
import { VaultClient, VaultClientErrorCode } from '@app/vault-client';
import { NotificationErrorCode } from '../notification-error-code';
import { PreferencesDto, type PreferencesView } from './dto/preferences.dto';
import { PreferencesService } from './preferences.service';

@ApiTags('preferences')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [NotificationErrorCode, VaultClientErrorCode] })
@Controller('me/preferences')
export class PreferencesController {
  constructor(
    private readonly preferences: PreferencesService,
    private readonly vault: VaultClient,
  ) {}

  @Get()
  @Roles('citizen')
  @ApiOperation({ summary: 'My language, contact details and channels' })
  async get(@Headers('authorization') authorization: string): Promise<PreferencesView> {
    return this.preferences.get(await this.vault.citizenRef(authorization));
  }

  @Put()
  @Roles('citizen')
  @ApiOperation({ summary: 'Replace my language, contact details and channels' })
  async replace(@Headers('authorization') authorization: string, @Body() body: PreferencesDto): Promise<PreferencesView> {
    return this.preferences.replace(await this.vault.citizenRef(authorization), body);
  }
}
