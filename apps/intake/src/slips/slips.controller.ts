import { Controller, Get, Header, Headers, HttpStatus, Param, type PipeTransform, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiError, ApiErrorCodes, CurrentPrincipal, Roles, type Principal } from '@app/platform';
import { DossierErrorCode } from '../dossiers/dossier-error-code';
import { DossierIdPipe } from '../dossiers/dossier-id.pipe';
import { LifecycleErrorCode } from '../lifecycle/lifecycle-error-code';
import { VaultClientErrorCode } from '@app/vault-client';
import { SLIP_KINDS, type SlipKind } from './slip-documents';
import { Slips } from './slips.service';

class SlipKindPipe implements PipeTransform<string, SlipKind> {
  transform(value: string): SlipKind {
    if ((SLIP_KINDS as readonly string[]).includes(value)) return value as SlipKind;
    throw new ApiError(HttpStatus.NOT_FOUND, LifecycleErrorCode.UnknownSlip, `There is no slip "${value.slice(0, 40)}"; the slips are ${SLIP_KINDS.join(', ')}.`);
  }
}

@ApiTags('dossiers')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [DossierErrorCode, LifecycleErrorCode], unavailable: [VaultClientErrorCode.VaultUnavailable] })
@Controller('dossiers')
export class SlipsController {
  constructor(private readonly slips: Slips) {}

  @Get(':id/slips/:kind')
  @Roles('citizen', 'officer')
  @Header('Cache-Control', 'no-store')
  // Without it the document's path named {kind} but its parameters left it out; this also lists the kinds.
  @ApiParam({ name: 'kind', enum: SLIP_KINDS })
  @ApiOperation({ summary: 'A slip of the one-stop desk as a PDF: receipt and appointment, supplement request, refusal, apology' })
  async slip(
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization: string,
    @Param('id', DossierIdPipe) id: string,
    @Param('kind', SlipKindPipe) kind: SlipKind,
  ): Promise<StreamableFile> {
    const { pdf, fileName } = await this.slips.render(principal, authorization, id, kind);
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length, disposition: `inline; filename="${fileName}"` });
  }
}
