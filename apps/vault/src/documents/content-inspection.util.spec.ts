import { createHash } from 'node:crypto';
import { samplePdf, sampleJpeg, samplePng, sampleText } from '@app/testing';
import { inspectContent } from './content-inspection.util';

describe(inspectContent.name, () => {
  it.each([
    ['application/pdf', samplePdf()],
    ['image/png', samplePng()],
    ['image/jpeg', sampleJpeg()],
  ])('recognises %s by its magic bytes, with its SHA-256 and size', async (mimeType, content) => {
    expect(await inspectContent(content)).toEqual({
      mimeType,
      sha256: createHash('sha256').update(content).digest('hex'),
      sizeBytes: content.length,
    });
  });

  it('refuses text, whatever the file was called', async () => {
    expect(await inspectContent(sampleText())).toBeUndefined();
  });

  it('refuses recognised types that are not PDF, JPEG or PNG', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await inspectContent(gif)).toBeUndefined();
    expect(await inspectContent(zip)).toBeUndefined();
  });
});
