import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';

export const STORED_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type StoredMimeType = (typeof STORED_MIME_TYPES)[number];

export interface InspectedContent {
  readonly mimeType: StoredMimeType;
  readonly sha256: string;
  readonly sizeBytes: number;
}

/**
 * What the bytes really are, from their magic numbers. The client's declared type and
 * file name are never trusted: a renamed executable must not reach an officer's viewer.
 * Returns undefined for anything but a PDF, JPEG or PNG.
 */
export async function inspectContent(content: Buffer): Promise<InspectedContent | undefined> {
  const detected = await fileTypeFromBuffer(content);
  const mimeType = STORED_MIME_TYPES.find((allowed) => allowed === detected?.mime);
  if (!mimeType) return undefined;
  return { mimeType, sha256: createHash('sha256').update(content).digest('hex'), sizeBytes: content.length };
}
