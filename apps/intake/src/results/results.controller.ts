import { Body, Controller, Get, Header, Headers, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, Public, Roles, type Principal } from '@app/platform';
import { DossierErrorCode } from '../dossiers/dossier-error-code';
import { DossierIdPipe } from '../dossiers/dossier-id.pipe';
import { LifecycleErrorCode } from '../lifecycle/lifecycle-error-code';
import { VaultClientErrorCode } from '@app/vault-client';
import { IssueResultDto, RevokeResultDto } from './dto/issue-result.dto';
import { ResultErrorCode } from './result-error-code';
import { ResultsService, type ResultView, type VerificationView } from './results.service';
import { verificationPage } from './verification-page';

@ApiTags('results')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [ResultErrorCode, DossierErrorCode, LifecycleErrorCode], unavailable: [VaultClientErrorCode.VaultUnavailable, ResultErrorCode.SigningNotConfigured, ResultErrorCode.TimestampUnavailable] })
@Controller()
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Post('dossiers/:id/result')
  @Roles('officer')
  @Idempotent()
  @ApiOperation({ summary: 'Issue the result of an approved dossier: at level 4 a signed PDF in the citizen\'s vault, at level 3 on paper' })
  issue(@CurrentPrincipal() principal: Principal, @Headers('authorization') authorization: string, @Param('id', DossierIdPipe) id: string, @Body() body: IssueResultDto): Promise<ResultView> {
    return this.results.issue(principal, authorization, id, body);
  }

  @Get('dossiers/:id/result')
  @Roles('citizen', 'officer')
  ofDossier(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<ResultView> {
    return this.results.ofDossier(principal, id);
  }

  @Get('results/:code')
  @Public()
  @ApiOperation({ summary: 'Check a result by its printed code: who issued it, when, and whether it was revoked (no login)' })
  verify(@Param('code') code: string): Promise<VerificationView> {
    return this.results.verify(code);
  }

  @Get('verify/:code')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The page the QR code on a result opens' })
  async page(@Param('code') code: string): Promise<string> {
    return verificationPage(await this.results.verify(code));
  }

  @Post('results/:code/revocation')
  @Roles('officer')
  @Idempotent()
  @ApiOperation({ summary: 'Revoke a result issued in error; it is withdrawn from reuse everywhere' })
  revoke(@CurrentPrincipal() principal: Principal, @Headers('authorization') authorization: string, @Param('code') code: string, @Body() body: RevokeResultDto): Promise<VerificationView> {
    return this.results.revoke(principal, authorization, code, body.reason);
  }
}
