import { Body, Controller, Get, Header, Param, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { StoredDocumentResponse } from '@app/contracts';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, PageQuery, Roles, type Page, type Principal } from '@app/platform';
import { ParseIdPipe } from '../common/id-param.pipe';
import { asCitizen, asOfficer, asStaff } from '../common/principal.util';
import { ReadContentQuery, RevokeDocumentDto, UploadDocumentDto, UploadIssuedDocumentDto, type DocumentView, type UploadedContent } from './documents.dto';
import { DocumentErrorCode } from './document.errors';
import { DocumentsService } from './documents.service';
import { VerificationEvidenceService, type DocumentEvidenceView } from './verification-evidence.service';
import { UploadErrorsInterceptor } from '@app/platform';

const EXTENSIONS = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;

@ApiTags('documents')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [DocumentErrorCode] })
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly evidence: VerificationEvidenceService,
  ) {}

  /** Size and count limits come from the module's multer options (MAX_UPLOAD_BYTES, one file). */
  @Post()
  @Roles('citizen')
  @Idempotent()
  @UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'documentTypeCode'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'PDF, JPEG or PNG' },
        documentTypeCode: { type: 'string' },
      },
    },
  })
  upload(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: UploadedContent | undefined,
    @Body() body: UploadDocumentDto,
  ): Promise<StoredDocumentResponse> {
    return this.documents.upload(asCitizen(principal), file, body);
  }

  /** An agency's signed electronic result for a citizen (Circular 32/2017, level 4); binding and verification follow in its signed events. */
  @Post('issued')
  @Roles('officer')
  @Idempotent()
  @UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'documentTypeCode', 'citizenRef'],
      properties: { file: { type: 'string', format: 'binary', description: 'a signed PDF' }, documentTypeCode: { type: 'string' }, citizenRef: { type: 'string', format: 'uuid' } },
    },
  })
  uploadIssued(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: UploadedContent | undefined,
    @Body() body: UploadIssuedDocumentDto,
  ): Promise<StoredDocumentResponse> {
    return this.documents.storeIssued(asOfficer(principal), file, body);
  }

  @Get()
  @Roles('citizen')
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<DocumentView>> {
    return this.documents.listOwn(asCitizen(principal), page);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<DocumentView> {
    return this.documents.get(principal, id);
  }

  /** Who verified this document, and when, with the signatures that prove it. */
  @Get(':id/verification-evidence')
  @Header('Cache-Control', 'no-store')
  verificationEvidence(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<DocumentEvidenceView> {
    return this.evidence.export(principal, id);
  }

  @Get(':id/content')
  // Personal documents: never cached along the way, never sniffed into something executable.
  @Header('Cache-Control', 'no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  async content(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Query() query: ReadContentQuery): Promise<StreamableFile> {
    const { documentId, mimeType, content } = await this.documents.readContent(principal, id, query.dossierId);
    return new StreamableFile(content, {
      type: mimeType,
      length: content.length,
      disposition: `attachment; filename="${documentId}.${EXTENSIONS[mimeType]}"`,
    });
  }

  @Post(':id/revocation')
  @Roles('officer', 'admin')
  @Idempotent()
  revoke(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: RevokeDocumentDto): Promise<DocumentView> {
    return this.documents.revoke(asStaff(principal), id, body.reason);
  }
}
