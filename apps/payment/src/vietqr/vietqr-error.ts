/** Why a VietQR payload could not be built or read; stable codes for the HTTP layer to map. */
export enum VietQrErrorCode {
  InvalidField = 'vietqr_invalid_field',
  Malformed = 'vietqr_malformed',
  BadCrc = 'vietqr_bad_crc',
}

export class VietQrError extends Error {
  constructor(
    readonly code: VietQrErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VietQrError';
  }
}
