/** Every code the procedures module answers with, besides the platform's (PlatformErrorCode). */
export enum ProcedureErrorCode {
  UnknownProcedure = 'UNKNOWN_PROCEDURE',
  ProcedureNotOnline = 'PROCEDURE_NOT_ONLINE',
  UnknownVersion = 'UNKNOWN_PROCEDURE_VERSION',
  ProcedureExists = 'PROCEDURE_EXISTS',
  DraftInvalid = 'PROCEDURE_DRAFT_INVALID',
  ProcedureIncomplete = 'PROCEDURE_INCOMPLETE',
  ForeignAgency = 'FOREIGN_AGENCY',
}
