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

/**
 * The name the file travels to the vault under: the document type and the client's extension,
 * which is all of the name the vault reads (to hold the content to it). The client's own name
 * is never passed on: a NUL or a control character in it, which the desk's parser accepts in
 * RFC 5987 form, would make the vault refuse the desk's own request as a malformed form.
 */
export function forwardedFileName(originalName: string, documentTypeCode: string): string {
  const extension = /\.([A-Za-z0-9]{1,16})$/.exec(originalName)?.[1];
  return extension === undefined ? documentTypeCode : `${documentTypeCode}.${extension}`;
}
