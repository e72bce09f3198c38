import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/platform';

/** Every code the document-types module answers with, besides the platform's (PlatformErrorCode). */
export enum DocumentTypeErrorCode {
  InvalidDocumentTypeCode = 'INVALID_DOCUMENT_TYPE_CODE',
}

export const invalidDocumentTypeCode = (code: string) =>
  new ApiError(HttpStatus.BAD_REQUEST, DocumentTypeErrorCode.InvalidDocumentTypeCode, `"${code}" is not a document type code such as BIRTH_CERTIFICATE.`);
