import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/platform';

/** Every code the key directory answers with, besides the platform's (PlatformErrorCode). */
export enum SigningKeyErrorCode {
  InvalidPublicKey = 'INVALID_PUBLIC_KEY',
  InvalidKeyOwner = 'INVALID_KEY_OWNER',
  KeyIdTaken = 'KEY_ID_TAKEN',
  KeyRetired = 'KEY_RETIRED',
  SigningKeyNotFound = 'SIGNING_KEY_NOT_FOUND',
  InvalidKeyWindow = 'INVALID_KEY_WINDOW',
}

export const invalidPublicKey = (why: string) =>
  new ApiError(HttpStatus.BAD_REQUEST, SigningKeyErrorCode.InvalidPublicKey, `The key must be a public Ed25519 (EdDSA) or P-256 (ES256) JWK: ${why}.`);

export const invalidKeyOwner = (why: string) => new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, SigningKeyErrorCode.InvalidKeyOwner, why);

export const keyIdTaken = (kid: string) =>
  new ApiError(HttpStatus.CONFLICT, SigningKeyErrorCode.KeyIdTaken, `Key id ${kid} is registered for another key or owner; register the new key under a new id.`);

export const keyRetired = (kid: string) => new ApiError(HttpStatus.CONFLICT, SigningKeyErrorCode.KeyRetired, `Key ${kid} is retired and cannot be used again.`);

export const signingKeyNotFound = (kid: string) => new ApiError(HttpStatus.NOT_FOUND, SigningKeyErrorCode.SigningKeyNotFound, `No signing key has the id ${kid}.`);

export const invalidKeyWindow = () => new ApiError(HttpStatus.BAD_REQUEST, SigningKeyErrorCode.InvalidKeyWindow, 'notAfter must be later than notBefore.');
