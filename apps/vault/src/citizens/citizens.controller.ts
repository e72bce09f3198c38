import { Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CitizenRefResponse } from '@app/contracts';
import { ApiErrorCodes, CurrentPrincipal, Roles, type Principal } from '@app/platform';
import { asCitizen } from '../common/principal.util';
import { CitizensService } from './citizens.service';

@ApiTags('citizens')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [] })
@Controller('citizens')
export class CitizensController {
  constructor(private readonly citizens: CitizensService) {}

  /** The caller's own opaque reference: 201 the first time, 200 afterwards. */
  @Post('me')
  @Roles('citizen')
  async me(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<CitizenRefResponse> {
    const { citizenRef, created } = await this.citizens.resolveOrCreate(asCitizen(principal).personalId);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return { citizenRef };
  }
}
