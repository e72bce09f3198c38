/** Every code the dossiers module answers with, besides the platform's (PlatformErrorCode) and the vault's refusals it relays. */
export enum DossierErrorCode {
  ReusedDocumentWithdrawn = 'REUSED_DOCUMENT_WITHDRAWN',
  FileRequired = 'FILE_REQUIRED',
  DocumentsMissing = 'DOCUMENTS_MISSING',
  ValidityInPast = 'VALIDITY_IN_PAST',
  DocumentNotAttached = 'DOCUMENT_NOT_ATTACHED',
  AlreadyVerified = 'ALREADY_VERIFIED',
  AlreadyOnFile = 'ALREADY_ON_FILE',
  AlreadyProvided = 'ALREADY_PROVIDED',
  DocumentTypeNotRequired = 'DOCUMENT_TYPE_NOT_REQUIRED',
  DossierNotEditable = 'DOSSIER_NOT_EDITABLE',
  ForeignAgency = 'FOREIGN_AGENCY',
  DossierNotFound = 'DOSSIER_NOT_FOUND',
  NoApplicationForm = 'NO_APPLICATION_FORM',
  FormNotAnswered = 'FORM_NOT_ANSWERED',
}
