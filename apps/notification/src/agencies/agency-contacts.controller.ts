import { Body, Controller, Get, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AGENCY_CODE_PATTERN } from '@app/contracts';
import { ApiError, ApiErrorCodes, CurrentPrincipal, PlatformErrorCode, Roles, type Principal } from '@app/platform';
import { NotificationErrorCode } from '../notification-error-code';
import { AgencyContact } from './agency-contact.entity';
import { AgencyContactDto } from './dto/agency-contact.dto';

/** Where each agency's officers are told about their dossiers: set by an administrator, read by the agency too. */
@ApiTags('agencies')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [NotificationErrorCode] })
@Controller('agencies/:code/contact')
export class AgencyContactsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "An agency's notification address" })
  async get(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<AgencyContactDto> {
    agencyCodeOf(code);
    const contact = principal.role === 'officer' && principal.agencyCode !== code ? null : await this.dataSource.manager.findOneBy(AgencyContact, { agencyCode: code });
    if (!contact) throw new ApiError(HttpStatus.NOT_FOUND, NotificationErrorCode.AgencyContactNotFound, `Agency ${code} has no notification address here.`);
    return { email: contact.email, language: contact.language };
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: "Set an agency's notification address" })
  async put(@Param('code') code: string, @Body() body: AgencyContactDto): Promise<AgencyContactDto> {
    const contact = { agencyCode: agencyCodeOf(code), email: body.email.trim().toLowerCase(), language: body.language, updatedAt: new Date() };
    await this.dataSource.manager.upsert(AgencyContact, contact, ['agencyCode']);
    return { email: contact.email, language: contact.language };
  }
}

function agencyCodeOf(code: string): string {
  if (!AGENCY_CODE_PATTERN.test(code)) throw new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.InvalidId, 'An agency code looks like 000.00.12.H26.');
  return code;
}
