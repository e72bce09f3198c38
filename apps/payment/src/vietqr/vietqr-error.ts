/** Why a VietQR payload could not be built or read; stable codes for the HTTP layer to map. */
export enum VietQrErrorCode {
  InvalidField = 'VIETQR_INVALID_FIELD',
  Malformed = 'VIETQR_MALFORMED',
  BadCrc = 'VIETQR_BAD_CRC',
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
