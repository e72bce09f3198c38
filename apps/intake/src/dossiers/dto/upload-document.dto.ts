import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** The text part of the multipart upload; the file itself arrives as the `file` part. */
export class UploadDocumentDto {
  @ApiProperty({ example: 'IDENTITY_CARD' })
  @IsString()
  @Length(1, 64)
  documentTypeCode!: string;
}
