import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Response } from 'express';

/** The only kinds of file the platform stores and the portal passes on. */
const FILE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/**
 * Streams a service's file to the browser as a download: never rendered inline, never cached,
 * never sniffed into something else. A type the platform does not store is refused.
 */
export async function sendFile(response: Response, file: globalThis.Response, filename: string): Promise<void> {
  const type = (file.headers.get('content-type') ?? '').split(';')[0].trim();
  if (!FILE_TYPES.has(type) || !file.body) {
    await file.body?.cancel();
    throw new Error(`a service sent a file of type "${type}", which the portal does not pass on`);
  }
  response.status(200).set({
    'content-type': type,
    'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(file.headers.get('content-length') ? { 'content-length': file.headers.get('content-length')! } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(file.body as WebReadableStream<Uint8Array>).on('error', reject).pipe(response).on('finish', resolve).on('error', reject);
  });
}
