import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, PageQuery, Roles, type Page, type Principal } from '@app/platform';
import { CitizensService } from '../citizens/citizens.service';
import { asCitizen } from '../common/principal.util';
import { AccessLogService, type AccessLogView } from './access-log.service';

@ApiTags('access-log')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [] })
@Controller('access-log')
export class AccessLogController {
  constructor(
    private readonly accessLog: AccessLogService,
    private readonly citizens: CitizensService,
  ) {}

  /** Every use of the caller's own documents, newest first, refused attempts included. */
  @Get()
  @Roles('citizen')
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<AccessLogView>> {
    const citizenRef = await this.citizens.findRef(asCitizen(principal).personalId);
    return citizenRef ? this.accessLog.listForCitizen(citizenRef, page) : { items: [], nextCursor: null };
  }
}
