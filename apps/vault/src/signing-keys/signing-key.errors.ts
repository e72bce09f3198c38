import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/platform';

export const invalidPublicKey = (why: string) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_PUBLIC_KEY', `The key must be a public Ed25519 (EdDSA) or P-256 (ES256) JWK: ${why}.`);

export const invalidKeyOwner = (why: string) => new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'INVALID_KEY_OWNER', why);

export const keyIdTaken = (kid: string) =>
  new ApiError(HttpStatus.CONFLICT, 'KEY_ID_TAKEN', `Key id ${kid} is registered for another key or owner; register the new key under a new id.`);

export const keyRetired = (kid: string) => new ApiError(HttpStatus.CONFLICT, 'KEY_RETIRED', `Key ${kid} is retired and cannot be used again.`);

export const signingKeyNotFound = (kid: string) => new ApiError(HttpStatus.NOT_FOUND, 'SIGNING_KEY_NOT_FOUND', `No signing key has the id ${kid}.`);

export const invalidKeyWindow = () => new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_KEY_WINDOW', 'notAfter must be later than notBefore.');
