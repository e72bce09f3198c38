import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/platform';

/** Every code the documents module answers with, besides the platform's (PlatformErrorCode). */
export enum DocumentErrorCode {
  FileRequired = 'FILE_REQUIRED',
  EmptyFile = 'EMPTY_FILE',
  UnsupportedFileType = 'UNSUPPORTED_FILE_TYPE',
  UnknownDocumentType = 'UNKNOWN_DOCUMENT_TYPE',
  UnknownAgency = 'UNKNOWN_AGENCY',
  DocumentNotFound = 'DOCUMENT_NOT_FOUND',
  OutOfScope = 'OUT_OF_SCOPE',
  DossierIdRequired = 'DOSSIER_ID_REQUIRED',
  NotVerifyingAgency = 'NOT_VERIFYING_AGENCY',
  DocumentNotVerified = 'DOCUMENT_NOT_VERIFIED',
  AlreadyRevoked = 'ALREADY_REVOKED',
  UnknownCitizen = 'UNKNOWN_CITIZEN',
  ResultMustBePdf = 'RESULT_MUST_BE_PDF',
}

export const fileRequired = () => new ApiError(HttpStatus.BAD_REQUEST, DocumentErrorCode.FileRequired, 'Attach the document as the multipart field "file".');

export const emptyFile = () => new ApiError(HttpStatus.BAD_REQUEST, DocumentErrorCode.EmptyFile, 'The attached file is empty.');

export const unsupportedFileType = () =>
  new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, DocumentErrorCode.UnsupportedFileType, 'Only PDF, JPEG and PNG files are accepted, judged by their content.');

export const unknownDocumentType = (code: string) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, DocumentErrorCode.UnknownDocumentType, `No document type has the code ${code}.`);

export const unknownAgency = (code: string) => new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, DocumentErrorCode.UnknownAgency, `No agency has the code ${code}.`);

export const documentNotFound = () => new ApiError(HttpStatus.NOT_FOUND, DocumentErrorCode.DocumentNotFound, 'No such document.');

export const outOfScope = () => new ApiError(HttpStatus.FORBIDDEN, DocumentErrorCode.OutOfScope, 'This document is outside what you may use.');

export const dossierIdRequired = () =>
  new ApiError(HttpStatus.BAD_REQUEST, DocumentErrorCode.DossierIdRequired, 'An officer reads a document for a dossier: give its id as ?dossierId=.');

export const notVerifyingAgency = () => new ApiError(HttpStatus.FORBIDDEN, DocumentErrorCode.NotVerifyingAgency, 'Only the agency that verified this document may revoke it.');

export const documentNotVerified = () => new ApiError(HttpStatus.CONFLICT, DocumentErrorCode.DocumentNotVerified, 'Only a verified document can be revoked.');

export const alreadyRevoked = () => new ApiError(HttpStatus.CONFLICT, DocumentErrorCode.AlreadyRevoked, 'This document has already been revoked.');

export const unknownCitizen = () => new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, DocumentErrorCode.UnknownCitizen, 'No citizen has this reference.');

export const resultMustBePdf = () => new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, DocumentErrorCode.ResultMustBePdf, 'An electronic result is a signed PDF, judged by its content.');
