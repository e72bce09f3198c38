/** Codes the notification routes answer with. */
export enum NotificationErrorCode {
  MessageNotFound = 'MESSAGE_NOT_FOUND',
  EmailAddressRequired = 'EMAIL_ADDRESS_REQUIRED',
  PhoneNumberRequired = 'PHONE_NUMBER_REQUIRED',
  SmsUnavailable = 'SMS_UNAVAILABLE',
  AgencyContactNotFound = 'AGENCY_CONTACT_NOT_FOUND',
  MessageNotFailed = 'MESSAGE_NOT_FAILED',
  AgencyAddressMissing = 'AGENCY_ADDRESS_MISSING',
}
