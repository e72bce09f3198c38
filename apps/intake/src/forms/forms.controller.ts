import { Controller, Get, Headers, HttpStatus, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiError, ApiErrorCodes, assertStorableClaims, CurrentPrincipal, InvalidTokenError, PlatformErrorCode, Public, Roles, TokenVerifier, type Principal } from '@app/platform';
import { DossierErrorCode } from '../dossiers/dossier-error-code';
import { DossierIdPipe } from '../dossiers/dossier-id.pipe';
import { ProcedureCatalog } from '../procedures/procedure-catalog.service';
import { ProcedureErrorCode } from '../procedures/procedure-error-code';
import { PrintedForms } from './printed-forms.service';
import { FormErrorCode } from './form-error-code';

function pdfResponse(response: Response, fileName: string, pdf: Buffer): StreamableFile {
  response.setHeader('content-disposition', `inline; filename="${fileName}"`);
  return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
}

@ApiTags('forms')
@ApiErrorCodes({ codes: [FormErrorCode, ProcedureErrorCode] })
@Controller('procedures')
export class ProcedureFormsController {
  constructor(
    private readonly catalog: ProcedureCatalog,
    private readonly forms: PrintedForms,
    private readonly verifier: TokenVerifier,
  ) {}

  @Get(':code/forms/:formCode.pdf')
  @Public()
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'prefill', required: false, enum: ['me'], description: "`me`: a signed-in citizen's form, filled with what they already gave this desk" })
  @ApiOperation({ summary: 'A form of the latest version as a PDF to print and fill by hand; blank unless prefill=me' })
  async blank(
    @Param('code') code: string,
    @Param('formCode') formCode: string,
    @Query('prefill') prefill: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    if (prefill !== undefined && prefill !== 'me') throw new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.ValidationFailed, 'prefill takes only the value me.');
    const citizen = prefill === 'me' ? await this.citizenOf(authorization) : undefined;
    const procedure = await this.catalog.latest(code);
    const pdf = await this.forms.procedureForm(procedure, formCode, citizen?.personalId);
    return pdfResponse(response, `${formCode}.pdf`, pdf);
  }

  /** The route is public (a blank form needs no login), so the guard has not read the token: prefilling does it here. */
  private async citizenOf(authorization: string | undefined): Promise<Extract<Principal, { role: 'citizen' }>> {
    const [scheme, token] = (authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new ApiError(HttpStatus.UNAUTHORIZED, PlatformErrorCode.Unauthenticated, 'prefill=me needs the citizen’s bearer token.');
    let principal: Principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      throw new ApiError(HttpStatus.UNAUTHORIZED, PlatformErrorCode.Unauthenticated, `The bearer token was rejected: ${error.message}.`);
    }
    assertStorableClaims(principal);
    if (principal.role !== 'citizen') throw new ApiError(HttpStatus.FORBIDDEN, FormErrorCode.PrefillNotAllowed, 'Only a citizen’s own form can be prefilled; officers print a dossier’s forms.');
    return principal;
  }
}

@ApiTags('forms')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [FormErrorCode, DossierErrorCode] })
@Controller('dossiers')
export class DossierFormsController {
  constructor(private readonly forms: PrintedForms) {}

  @Get(':id/forms/:formCode.pdf')
  @Roles('citizen', 'officer')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "A form of the dossier's procedure version, filled with the dossier's answers, to print" })
  async filled(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DossierIdPipe) id: string,
    @Param('formCode') formCode: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return pdfResponse(response, `${formCode}.pdf`, await this.forms.dossierForm(principal, id, formCode));
  }
}
