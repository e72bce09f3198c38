import { fileTypeFromBuffer } from 'file-type';
import { assertDeclaredTypeAgrees, DOCUMENT_EXTENSIONS, type DocumentMimeType } from '@app/platform';

/**
 * The desk refuses a file whose declared type or name disagrees with its content before it
 * forwards anything, as the vault would (415 FILE_TYPE_MISMATCH). Whether the format is one
 * the state stores at all stays the vault's decision: this only catches disagreement.
 */
export async function assertUploadTypeAgrees(file: { readonly buffer: Buffer; readonly mimetype: string; readonly originalname: string }): Promise<void> {
  const detected = (await fileTypeFromBuffer(file.buffer))?.mime;
  if (detected !== undefined && detected in DOCUMENT_EXTENSIONS) assertDeclaredTypeAgrees(detected as DocumentMimeType, file.mimetype, file.originalname);
}
