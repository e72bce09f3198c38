import { fileTypeFromBuffer } from 'file-type';
import { assertDeclaredTypeAgrees, assertNoActivePdfContent, DOCUMENT_EXTENSIONS, type DocumentMimeType } from '@app/platform';

/**
 * The desk refuses, before it forwards anything, what the vault would refuse for its content:
 * a file whose declared type or name disagrees with its bytes (415 FILE_TYPE_MISMATCH), and a
 * PDF with active content (422 PDF_ACTIVE_CONTENT, PDF_NOT_INSPECTABLE). Whether the format is
 * one the state stores at all stays the vault's decision: this only catches what it can see.
 */
export async function assertUploadAcceptable(file: { readonly buffer: Buffer; readonly mimetype: string; readonly originalname: string }): Promise<void> {
  const detected = (await fileTypeFromBuffer(file.buffer))?.mime;
  if (detected === undefined || !(detected in DOCUMENT_EXTENSIONS)) return;
  assertDeclaredTypeAgrees(detected as DocumentMimeType, file.mimetype, file.originalname);
  if (detected === 'application/pdf') await assertNoActivePdfContent(file.buffer);
}
