import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real poppler, NSS and zbar tools, for tests that must read a PDF the way a citizen's
 * or a court's software would. A missing tool fails the test with one line saying how to
 * install it; nothing is skipped.
 */

const PACKAGES: Record<string, string> = {
  pdftotext: 'poppler-utils',
  pdfsig: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  certutil: 'libnss3-tools',
  zbarimg: 'zbar-tools',
};

interface ToolResult {
  stdout: string;
  stderr: string;
  code: number;
}

function tool(command: string, args: string[], input?: Buffer): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`${command} not found: install ${PACKAGES[command]} (apt-get install ${PACKAGES[command]})`));
        return;
      }
      resolve({ stdout, stderr, code: typeof error?.code === 'number' ? error.code : error ? 1 : 0 });
    });
    if (input) child.stdin?.end(input);
  });
}

async function withTemporaryFile<T>(pdf: Buffer, use: (file: string, folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'pdf-tools-'));
  try {
    const file = join(folder, 'document.pdf');
    await writeFile(file, pdf);
    return await use(file, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The PDF's text as `pdftotext` (UTF-8) extracts it. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const result = await tool('pdftotext', ['-enc', 'UTF-8', '-', '-'], pdf);
  if (result.code !== 0) throw new Error(`pdftotext failed (${result.code}): ${result.stderr.trim()}`);
  return result.stdout;
}

export interface PdfsigVerdict {
  output: string;
  /** "Signature is Valid." — pdfsig exits 0 even on "Digest Mismatch.", so its words are what count. */
  signatureValid: boolean;
  /** "Certificate is Trusted." against the NSS database given (or pdfsig's default one). */
  certificateTrusted: boolean;
}

export async function pdfsig(pdf: Buffer, options: { nssDir?: string } = {}): Promise<PdfsigVerdict> {
  return withTemporaryFile(pdf, async (file) => {
    const result = await tool('pdfsig', [...(options.nssDir ? ['-nssdir', `sql:${options.nssDir}`] : []), file]);
    const output = `${result.stdout}${result.stderr}`;
    return { output, signatureValid: /Signature Validation: Signature is Valid\./.test(output), certificateTrusted: /Certificate Validation: Certificate is Trusted\./.test(output) };
  });
}

/** A fresh NSS database in `dir` that trusts `caPem` as a CA for every purpose, for `pdfsig({ nssDir })`. */
export async function createNssDatabase(dir: string, caPem: string): Promise<string> {
  const database = `sql:${dir}`;
  const created = await tool('certutil', ['-N', '-d', database, '--empty-password']);
  if (created.code !== 0) throw new Error(`certutil -N failed: ${created.stderr.trim()}`);
  const caFile = join(dir, 'trusted-ca.pem');
  await writeFile(caFile, caPem);
  const added = await tool('certutil', ['-A', '-d', database, '-n', 'development-ca', '-t', 'C,C,C', '-a', '-i', caFile]);
  if (added.code !== 0) throw new Error(`certutil -A failed: ${added.stderr.trim()}`);
  return dir;
}

/** Every QR code on every page, rendered at 200 dpi the way a phone camera would meet a printout. */
export async function readQrCodes(pdf: Buffer): Promise<string[]> {
  return withTemporaryFile(pdf, async (file, folder) => {
    const rendered = await tool('pdftoppm', ['-r', '200', '-png', file, join(folder, 'page')]);
    if (rendered.code !== 0) throw new Error(`pdftoppm failed: ${rendered.stderr.trim()}`);
    const pages = (await readdir(folder)).filter((name) => name.endsWith('.png')).sort();
    const codes: string[] = [];
    for (const page of pages) {
      const scanned = await tool('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', join(folder, page)]);
      // zbarimg exits 4 when a page simply has no code.
      if (scanned.code !== 0 && scanned.code !== 4) throw new Error(`zbarimg failed (${scanned.code}): ${scanned.stderr.trim()}`);
      codes.push(...scanned.stdout.split('\n').filter((line) => line !== ''));
    }
    return codes;
  });
}
