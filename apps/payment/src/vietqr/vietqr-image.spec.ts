import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { vietQrPayload } from './vietqr-payload';
import { vietQrPng, vietQrSvg } from './vietqr-image';

const payload = vietQrPayload({ bankBin: '970436', accountNumber: '0011001234567', amountVnd: 205_000, reference: 'HS000123' });

/** What a scanner reads from the image, so the test proves the code scans, not just that a PNG came out. */
async function scan(png: Buffer): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'vietqr-'));
  try {
    const file = join(folder, 'code.png');
    await writeFile(file, png);
    const { stdout } = await promisify(execFile)('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file]).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new Error('zbarimg not found: install zbar-tools (apt-get install zbar-tools)') : error;
    });
    return stdout.trim();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe('vietQrPng', () => {
  it('draws a code a scanner reads back as the payload', async () => {
    expect(await scan(await vietQrPng(payload))).toBe(payload);
  });
});

describe('vietQrSvg', () => {
  it('draws an SVG', async () => {
    expect(await vietQrSvg(payload)).toMatch(/^<svg[^>]*viewBox/);
  });
});
