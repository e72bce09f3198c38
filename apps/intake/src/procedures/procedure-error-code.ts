/** Every code the procedures module answers with, besides the platform's (PlatformErrorCode). */
export enum ProcedureErrorCode {
  UnknownProcedure = 'UNKNOWN_PROCEDURE',
  ProcedureNotOnline = 'PROCEDURE_NOT_ONLINE',
}
