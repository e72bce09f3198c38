import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/platform';

export const fileRequired = () => new ApiError(HttpStatus.BAD_REQUEST, 'FILE_REQUIRED', 'Attach the document as the multipart field "file".');

export const emptyFile = () => new ApiError(HttpStatus.BAD_REQUEST, 'EMPTY_FILE', 'The attached file is empty.');

export const unsupportedFileType = () =>
  new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_FILE_TYPE', 'Only PDF, JPEG and PNG files are accepted, judged by their content.');

export const unknownDocumentType = (code: string) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'UNKNOWN_DOCUMENT_TYPE', `No document type has the code ${code}.`);

export const unknownAgency = (code: string) => new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'UNKNOWN_AGENCY', `No agency has the code ${code}.`);

export const documentNotFound = () => new ApiError(HttpStatus.NOT_FOUND, 'DOCUMENT_NOT_FOUND', 'No such document.');

export const outOfScope = () => new ApiError(HttpStatus.FORBIDDEN, 'OUT_OF_SCOPE', 'This document is outside what you may use.');

export const dossierIdRequired = () =>
  new ApiError(HttpStatus.BAD_REQUEST, 'DOSSIER_ID_REQUIRED', 'An officer reads a document for a dossier: give its id as ?dossierId=.');

export const notVerifyingAgency = () => new ApiError(HttpStatus.FORBIDDEN, 'NOT_VERIFYING_AGENCY', 'Only the agency that verified this document may revoke it.');

export const documentNotVerified = () => new ApiError(HttpStatus.CONFLICT, 'DOCUMENT_NOT_VERIFIED', 'Only a verified document can be revoked.');

export const alreadyRevoked = () => new ApiError(HttpStatus.CONFLICT, 'ALREADY_REVOKED', 'This document has already been revoked.');
