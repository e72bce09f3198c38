import { Body, Controller, Get, HttpStatus, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorCodes, PageQuery, Public, Roles, type Page } from '@app/platform';
import { DocumentTypeErrorCode } from './document-type.errors';
import { UpsertDocumentTypeDto, type DocumentTypeView } from './document-types.dto';
import { DocumentTypesService } from './document-types.service';

@ApiTags('document-types')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [DocumentTypeErrorCode] })
@Controller('document-types')
export class DocumentTypesController {
  constructor(private readonly documentTypes: DocumentTypesService) {}

  @Get()
  // Reference data: the portal names document types on public pages too.
  @Public()
  list(@Query() page: PageQuery): Promise<Page<DocumentTypeView>> {
    return this.documentTypes.list(page);
  }

  @Put(':code')
  @Roles('admin')
  async upsert(@Param('code') code: string, @Body() body: UpsertDocumentTypeDto, @Res({ passthrough: true }) response: Response): Promise<DocumentTypeView> {
    const { outcome, type } = await this.documentTypes.upsert(code, body);
    response.status(outcome === 'created' ? HttpStatus.CREATED : HttpStatus.OK);
    return type;
  }
}
