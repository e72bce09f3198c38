/** Every code the forms module answers with, besides the platform's (PlatformErrorCode). */
export enum FormErrorCode {
  FormInvalid = 'FORM_INVALID',
  FormNotFound = 'FORM_NOT_FOUND',
  PrefillNotAllowed = 'PREFILL_NOT_ALLOWED',
}
