import { Body, Controller, Get, HttpStatus, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorCodes, PageQuery, Public, Roles, type Page } from '@app/platform';
import { DirectoryErrorCode } from './directory.errors';
import { SetDataSharingDto, UpsertAgencyDto, UpsertGoverningBodyDto, type AgencyView, type GoverningBodyView } from './directory.dto';
import type { WriteOutcome } from '../common/write-outcome';
import { DirectoryService } from './directory.service';

/** Reads are public (the directory is public information, and the portal shows it to visitors); writes are for admins. */
@ApiTags('directory')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [DirectoryErrorCode] })
@Controller('directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('governing-bodies')
  @Public()
  listGoverningBodies(@Query() page: PageQuery): Promise<Page<GoverningBodyView>> {
    return this.directory.listGoverningBodies(page);
  }

  @Get('governing-bodies/:code')
  @Public()
  getGoverningBody(@Param('code') code: string): Promise<GoverningBodyView> {
    return this.directory.getGoverningBody(code);
  }

  @Get('agencies/:code')
  @Public()
  getAgency(@Param('code') code: string): Promise<AgencyView> {
    return this.directory.getAgency(code);
  }

  @Put('governing-bodies/:code')
  @Roles('admin')
  async upsertGoverningBody(
    @Param('code') code: string,
    @Body() body: UpsertGoverningBodyDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GoverningBodyView> {
    const result = await this.directory.upsertGoverningBody(code, body);
    response.status(statusOf(result.outcome));
    return result.body;
  }

  @Put('governing-bodies/:code/data-sharing')
  @Roles('admin')
  setDataSharing(@Param('code') code: string, @Body() body: SetDataSharingDto): Promise<GoverningBodyView> {
    return this.directory.setDataSharing(code, {
      connected: body.connected,
      ...(body.effectiveFrom ? { effectiveFrom: new Date(body.effectiveFrom) } : {}),
    });
  }

  @Put('agencies/:code')
  @Roles('admin')
  async upsertAgency(@Param('code') code: string, @Body() body: UpsertAgencyDto, @Res({ passthrough: true }) response: Response): Promise<AgencyView> {
    const result = await this.directory.upsertAgency(code, body);
    response.status(statusOf(result.outcome));
    return result.agency;
  }
}

function statusOf(outcome: WriteOutcome): HttpStatus {
  return outcome === 'created' ? HttpStatus.CREATED : HttpStatus.OK;
}
