/** Codes the bank's credit notification route answers with; the bank retries anything but a 200. */
export enum BankCreditErrorCode {
  SignatureInvalid = 'CREDIT_SIGNATURE_INVALID',
  Malformed = 'CREDIT_MALFORMED',
  WrongAccount = 'CREDIT_WRONG_ACCOUNT',
}
