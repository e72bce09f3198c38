import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';

/** The document formats the platform stores, and the file name extensions each goes by. */
export const DOCUMENT_EXTENSIONS = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
} as const;
export type DocumentMimeType = keyof typeof DOCUMENT_EXTENSIONS;

/** What a client says when it says nothing about the type; not a claim to hold it to. */
const NO_CLAIM = new Set(['', 'application/octet-stream']);
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

/**
 * A file whose declared type or name disagrees with its content is refused, not silently
 * relabelled: a PNG sent as `application/pdf`, or PDF bytes named `.png`, is a client bug
 * or a disguise, and an officer opening it would be misled either way. A missing type
 * (or application/octet-stream) and a name without an extension claim nothing.
 */
export function assertDeclaredTypeAgrees(detected: DocumentMimeType, declaredMimeType: string | undefined, fileName: string | undefined): void {
  const declared = (declaredMimeType ?? '').split(';')[0].trim().toLowerCase();
  const normalised = ALIASES[declared] ?? declared;
  if (!NO_CLAIM.has(normalised) && normalised !== detected) throw fileTypeMismatch(detected, `declared as ${declared}`);
  const extension = /\.([^./\\]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (extension !== undefined && !(DOCUMENT_EXTENSIONS[detected] as readonly string[]).includes(extension)) {
    throw fileTypeMismatch(detected, `named .${extension}`);
  }
}

function fileTypeMismatch(detected: DocumentMimeType, claim: string): ApiError {
  return new ApiError(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    PlatformErrorCode.FileTypeMismatch,
    `The file is ${detected} by its content but was ${claim}; send it with its real type and extension.`,
    { detectedMimeType: detected },
  );
}
