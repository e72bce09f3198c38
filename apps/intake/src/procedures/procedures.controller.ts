import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, PageQuery, Public, Roles, type Page, type Principal } from '@app/platform';
import { CreateProcedureDto } from './dto/create-procedure.dto';
import { ProcedureCatalog } from './procedure-catalog.service';
import { ProcedureDrafts } from './procedure-drafts.service';
import { ProcedureErrorCode } from './procedure-error-code';
import { ProcedureVersionPipe } from './procedure-version.pipe';
import type { ProcedureDraftView, ProcedureSummaryView, ProcedureVersionSummaryView, PublishedProcedureView } from './procedure.view';

@ApiTags('procedures')
@ApiErrorCodes({ codes: [ProcedureErrorCode] })
@Controller('procedures')
export class ProceduresController {
  constructor(
    private readonly catalog: ProcedureCatalog,
    private readonly drafts: ProcedureDrafts,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "This agency's published procedures: level, Decree 42 classification, required documents" })
  list(@Query() page: PageQuery): Promise<Page<ProcedureSummaryView>> {
    return this.catalog.list(page);
  }

  @Post()
  @Roles('officer')
  @ApiBearerAuth()
  @Idempotent()
  @ApiOperation({ summary: 'Start a new procedure as a draft of this agency (possibly incomplete)' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateProcedureDto): Promise<ProcedureDraftView> {
    return this.drafts.create(principal, body.code, body.draft ?? {});
  }

  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'The latest published version: every Level 1 field, its classification and what its level promises' })
  get(@Param('code') code: string): Promise<PublishedProcedureView> {
    return this.catalog.latestView(code);
  }

  @Get(':code/versions')
  @Public()
  @ApiOperation({ summary: 'Every published version of a procedure, oldest first' })
  versions(@Param('code') code: string): Promise<ProcedureVersionSummaryView[]> {
    return this.catalog.versions(code);
  }

  @Get(':code/versions/:version')
  @Public()
  @ApiOperation({ summary: 'One published version, as dossiers filed under it see it' })
  version(@Param('code') code: string, @Param('version', ProcedureVersionPipe) version: number): Promise<PublishedProcedureView> {
    return this.catalog.versionView(code, version);
  }

  @Get(':code/draft')
  @Roles('officer')
  @ApiBearerAuth()
  draft(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<ProcedureDraftView> {
    return this.drafts.get(principal, code);
  }

  @Put(':code/draft')
  @Roles('officer')
  @ApiBearerAuth()
  @ApiBody({ schema: { type: 'object', additionalProperties: true, description: 'Partial Level 1 information; unknown fields are refused' } })
  @ApiOperation({ summary: "Replace this agency's draft: strictly typed, possibly incomplete" })
  replaceDraft(@CurrentPrincipal() principal: Principal, @Param('code') code: string, @Body() body: unknown): Promise<ProcedureDraftView> {
    return this.drafts.replace(principal, code, body);
  }

  @Post(':code/publication')
  @Roles('officer')
  @ApiBearerAuth()
  @Idempotent()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Publish the draft as the next version; 422 PROCEDURE_INCOMPLETE lists every missing field and problem' })
  publish(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<PublishedProcedureView> {
    return this.drafts.publish(principal, code);
  }
}
