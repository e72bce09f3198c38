import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, PageQuery, Roles, type Page, type Principal } from '@app/platform';
import { ProcedureErrorCode } from '../procedures/procedure-error-code';
import { VaultClientErrorCode } from '@app/vault-client';
import { DossierErrorCode } from './dossier-error-code';
import { DossierIdPipe } from './dossier-id.pipe';
import { DossierService, type UploadedDocumentFile } from './dossier.service';
import type { DossierTransitionView, DossierView, SupplementRequestView } from './dossier.view';
import { SubmitDossierDto } from './dto/submit-dossier.dto';
import { OptionalReasonDto } from '../lifecycle/dto/reason.dto';
import { LifecycleErrorCode } from '../lifecycle/lifecycle-error-code';
import { FormErrorCode } from '../forms/form-error-code';
import { CreateDossierDto } from './dto/create-dossier.dto';
import { CreateSupplementRequestDto } from './dto/create-supplement-request.dto';
import { UploadDocumentDto } from './dto/upload-document.dto';
import { VerifyDocumentDto } from './dto/verify-document.dto';
import { UploadErrorsInterceptor } from '@app/platform';

@ApiTags('dossiers')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [DossierErrorCode, ProcedureErrorCode, LifecycleErrorCode, FormErrorCode], unavailable: [VaultClientErrorCode.VaultUnavailable] })
@Controller('dossiers')
export class DossiersController {
  constructor(private readonly dossiers: DossierService) {}

  @Post()
  @Roles('citizen')
  @Idempotent()
  @ApiOperation({ summary: 'Open a dossier; documents the state already holds are attached, not asked for' })
  create(@CurrentPrincipal() principal: Principal, @Headers('authorization') authorization: string, @Body() body: CreateDossierDto): Promise<DossierView> {
    return this.dossiers.create(principal, authorization, body.procedureCode);
  }

  @Get()
  @Roles('citizen', 'officer')
  @ApiOperation({ summary: "A citizen's own dossiers, or all of this agency's for its officers" })
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<DossierView>> {
    return this.dossiers.list(principal, page);
  }

  @Get(':id')
  @Roles('citizen', 'officer')
  get(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<DossierView> {
    return this.dossiers.get(principal, id);
  }

  @Post(':id/documents')
  @Roles('citizen')
  @Idempotent()
  @UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'documentTypeCode'],
      properties: { file: { type: 'string', format: 'binary' }, documentTypeCode: { type: 'string', example: 'IDENTITY_CARD' } },
    },
  })
  @ApiOperation({ summary: 'Provide a required document that the state does not already hold' })
  provide(
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization: string,
    @Param('id', DossierIdPipe) id: string,
    @UploadedFile() file: UploadedDocumentFile | undefined,
    @Body() body: UploadDocumentDto,
  ): Promise<DossierView> {
    return this.dossiers.provide(principal, authorization, id, body.documentTypeCode, file);
  }

  @Post(':id/submit')
  @Roles('citizen')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Submit the dossier online (levels 3 and 4), choosing how the result comes back' })
  submit(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string, @Body() body: SubmitDossierDto): Promise<DossierView> {
    return this.dossiers.submit(principal, id, body.returnChannel);
  }

  @Put(':id/form')
  @Roles('citizen')
  @Idempotent()
  @ApiOperation({ summary: "Answer the procedure's application e-form; errors point at the field" })
  @ApiBody({ schema: { type: 'object', additionalProperties: true, description: "The form's fields, as its JSON Schema (GET /procedures/:code) defines them" } })
  answerForm(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string, @Body() answers: unknown): Promise<DossierView> {
    return this.dossiers.answerForm(principal, id, answers);
  }

  @Post(':id/resubmission')
  @Roles('citizen')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Answer the open supplement request; the processing clock starts again' })
  resubmit(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<DossierView> {
    return this.dossiers.resubmit(principal, id);
  }

  @Post(':id/withdrawal')
  @Roles('citizen')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Withdraw the dossier, at any point before the agency has decided on it' })
  withdraw(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string, @Body() body: OptionalReasonDto): Promise<DossierView> {
    return this.dossiers.withdraw(principal, id, body.reason);
  }

  @Get(':id/history')
  @Roles('citizen', 'officer')
  @ApiOperation({ summary: 'Every step of the dossier: who, when and why' })
  history(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<DossierTransitionView[]> {
    return this.dossiers.history(principal, id);
  }

  @Post(':id/documents/:documentTypeCode/verification')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record that an officer of this agency checked a provided document against its original' })
  verify(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DossierIdPipe) id: string,
    @Param('documentTypeCode') documentTypeCode: string,
    @Body() body: VerifyDocumentDto,
  ): Promise<DossierView> {
    return this.dossiers.verify(principal, id, documentTypeCode, body.validUntil);
  }

  @Post(':id/supplement-requests')
  @Roles('officer')
  @Idempotent()
  @ApiOperation({ summary: 'Ask the citizen for more documents (never for one already on file and valid)' })
  requestSupplement(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DossierIdPipe) id: string,
    @Body() body: CreateSupplementRequestDto,
  ): Promise<SupplementRequestView> {
    return this.dossiers.requestSupplement(principal, id, body.documentTypeCodes, body.note);
  }
}
