import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import { withDirectoryLock } from './directory-lock';

const run = promisify(execFile);

x509.cryptoProvider.set(globalThis.crypto);

type CryptoKey = webcrypto.CryptoKey;

/** Development only: the name says so wherever the certificate is shown. */
export const DEVELOPMENT_CA_NAME = 'Tổ chức chứng thực phát triển – Nền tảng một lần';
const DEVELOPMENT_ORGANISATION = 'Nền tảng một lần (phát triển, không có giá trị pháp lý)';

export interface DevelopmentAgencyFiles {
  certificateFile: string;
  privateKeyFile: string;
  p12File: string;
  p12PasswordFile: string;
}

export interface DevelopmentPki {
  caCertificatePem: string;
  caFile: string;
  agency(code: string): DevelopmentAgencyFiles;
  tsa: { certificateFile: string; privateKeyFile: string };
}

const RSA: webcrypto.RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * DEVELOPMENT ONLY. A throw-away CA for local runs and tests, so agencies can sign Level 4
 * results without a real CA: one root, one leaf per agency (with its PKCS#12), one TSA leaf.
 * Idempotent: what exists in `dir` is reused, what is missing is made; callers in several
 * processes at once are served one after another (a lock file in `dir`). Signatures under this
 * CA have no legal validity; production agencies load their CA-issued PKCS#12 instead.
 *
 * Certificates are built with @peculiar/x509 (node-forge double-encodes UTF-8 names, and the
 * Vietnamese names must survive as UTF8String); the PKCS#12 is exported by `openssl pkcs12`,
 * which is on every development machine.
 */
export async function ensureDevelopmentPki(dir: string, agencies: { code: string; nameVi: string }[]): Promise<DevelopmentPki> {
  await mkdir(join(dir, 'agencies'), { recursive: true, mode: 0o700 });
  // Generous: a new PKI with a few agencies takes seconds (RSA keys, one openssl per PKCS#12).
  return withDirectoryLock(join(dir, '.lock'), 120_000, () => ensureLocked(dir, agencies));
}

async function ensureLocked(dir: string, agencies: { code: string; nameVi: string }[]): Promise<DevelopmentPki> {
  const caFile = join(dir, 'ca.cert.pem');
  const caKeyFile = join(dir, 'ca.key.pem');
  // A new CA makes every leaf under the old one useless: they are issued again.
  const newCa = !existsSync(caFile) || !existsSync(caKeyFile);
  const ca = newCa ? await createCa(caFile, caKeyFile) : await loadCa(caFile, caKeyFile);

  const agencyFiles = (code: string): DevelopmentAgencyFiles => {
    const base = join(dir, 'agencies', code);
    return { certificateFile: `${base}.cert.pem`, privateKeyFile: `${base}.key.pem`, p12File: `${base}.p12`, p12PasswordFile: `${base}.p12.password` };
  };
  for (const agency of agencies) {
    const files = agencyFiles(agency.code);
    const newLeaf = newCa || !existsSync(files.certificateFile) || !existsSync(files.privateKeyFile);
    if (newLeaf) {
      // Country first, common name last: the order X.509 names are conventionally encoded in.
      const subject = new x509.Name([
        { C: ['VN'] },
        { O: [{ utf8String: agency.nameVi }] },
        { OU: [agency.code] },
        { '2.5.4.5': [{ printableString: agency.code }] },
        { CN: [{ utf8String: agency.nameVi }] },
      ]);
      await issueLeaf(ca, subject, files, [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        // No extended key usage: NSS (pdfsig) trusts a document signer only without one, or with emailProtection.
      ]);
    }
    if (newLeaf || !existsSync(files.p12File) || !existsSync(files.p12PasswordFile)) {
      await writeFile(files.p12PasswordFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
      await exportPkcs12(files, caFile, agency.code);
    }
  }

  const tsa = { certificateFile: join(dir, 'tsa.cert.pem'), privateKeyFile: join(dir, 'tsa.key.pem') };
  if (newCa || !existsSync(tsa.certificateFile) || !existsSync(tsa.privateKeyFile)) {
    const subject = new x509.Name([{ C: ['VN'] }, { O: [{ utf8String: DEVELOPMENT_ORGANISATION }] }, { CN: [{ utf8String: 'Máy chủ dấu thời gian phát triển' }] }]);
    await issueLeaf(ca, subject, tsa, [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      // RFC 3161 §2.3: a TSA certificate has exactly this one extended key usage, critical.
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.timeStamping], true),
    ]);
  }

  const caCertificatePem = await readFile(caFile, 'utf8');
  return {
    caCertificatePem,
    caFile,
    agency(code: string): DevelopmentAgencyFiles {
      const files = agencyFiles(code);
      if (!existsSync(files.certificateFile)) throw new Error(`the development PKI in ${dir} has no agency ${code}`);
      return files;
    },
    tsa,
  };
}

interface Ca {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
}

async function createCa(caFile: string, caKeyFile: string): Promise<Ca> {
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const name = new x509.Name([{ C: ['VN'] }, { O: [{ utf8String: DEVELOPMENT_ORGANISATION }] }, { CN: [{ utf8String: DEVELOPMENT_CA_NAME }] }]);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 10 * YEAR_MS),
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  await writeFile(caKeyFile, await privateKeyPem(keys.privateKey), { mode: 0o600 });
  await chmod(caKeyFile, 0o600);
  await writeFile(caFile, `${certificate.toString('pem')}\n`);
  return { certificate, privateKey: keys.privateKey };
}

async function loadCa(caFile: string, caKeyFile: string): Promise<Ca> {
  const certificate = new x509.X509Certificate(await readFile(caFile, 'utf8'));
  const der = x509.PemConverter.decodeFirst(await readFile(caKeyFile, 'utf8'));
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, RSA, false, ['sign']);
  return { certificate, privateKey };
}

async function issueLeaf(ca: Ca, subject: x509.Name, files: { certificateFile: string; privateKeyFile: string }, extensions: x509.Extension[]): Promise<void> {
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject,
    issuer: ca.certificate.subjectName,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 3 * YEAR_MS),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      ...extensions,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
  await writeFile(files.privateKeyFile, await privateKeyPem(keys.privateKey), { mode: 0o600 });
  await chmod(files.privateKeyFile, 0o600);
  await writeFile(files.certificateFile, `${certificate.toString('pem')}\n`);
}

async function exportPkcs12(files: DevelopmentAgencyFiles, caFile: string, code: string): Promise<void> {
  // Named explicitly so the file does not depend on the openssl version's defaults (1.1 used RC2).
  const args = ['pkcs12', '-export', '-inkey', files.privateKeyFile, '-in', files.certificateFile, '-certfile', caFile, '-name', code];
  const algorithms = ['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256'];
  try {
    await run('openssl', [...args, ...algorithms, '-passout', `file:${files.p12PasswordFile}`, '-out', files.p12File]);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'openssl not found: install openssl (apt-get install openssl)' : String((error as { stderr?: string }).stderr ?? error);
    throw new Error(`cannot export ${files.p12File}: ${reason}`, { cause: error });
  }
  await chmod(files.p12File, 0o600);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return `${x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY')}\n`;
}

/** 16 random bytes, positive. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x10;
  return bytes.toString('hex');
}
