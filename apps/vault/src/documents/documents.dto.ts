import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { StoredDocumentResponse } from '@app/contracts';

/**
 * The text fields of the multipart upload; the file itself is checked by the service. No
 * agency and no dossier: what a citizen says about those would be believed by nobody. The
 * agency's intake establishes them, signed (DocumentProvided).
 */
export class UploadDocumentDto {
  @ApiProperty({ example: 'BIRTH_CERTIFICATE' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  documentTypeCode!: string;
}

/** An agency's electronic result for a citizen: the owner is named by the vault's reference, as every other service knows them. */
export class UploadIssuedDocumentDto extends UploadDocumentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  citizenRef!: string;
}

export class ReadContentQuery {
  /**
   * Required of officers: a dossier of their agency the document is attached to. The citizen's
   * access log says which dossier a read (or a refused attempt) was for.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  dossierId?: string;
}

export class RevokeDocumentDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1_000)
  reason!: string;
}

/** Metadata of one document: what its owner and in-scope officers may see. */
export interface DocumentView extends StoredDocumentResponse {
  readonly providedAt: string;
  readonly verifiedByAgencyCode: string | null;
  readonly verifiedAt: string | null;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
}

/** The part of a multer file the vault uses. */
export interface UploadedContent {
  readonly buffer: Buffer;
  readonly size: number;
  /** What the client declared: held against the content, never trusted instead of it. */
  readonly mimetype?: string;
  readonly originalname?: string;
}
