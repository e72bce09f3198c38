import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Who signs: the agency's certificate, its chain up to the CA, and its private key, all PEM. */
export interface SigningIdentity {
  certificatePem: string;
  /** The issuing CA(s), nearest first; carried in the CMS so a validator can build the path. */
  chainPem: string[];
  /** PKCS#8. */
  privateKeyPem: string;
  /** The certificate subject's common name, e.g. 'Sở Tư pháp thành phố Hà Nội'. */
  subjectName: string;
}

export type SigningIdentitySource =
  | { kind: 'pkcs12'; file: string; password: string }
  | { kind: 'pem'; certificateFile: string; privateKeyFile: string; chainFile?: string };

/** A signing identity that cannot be used; the message names the file and what is wrong with it. */
export class SigningIdentityError extends Error {
  override readonly name = 'SigningIdentityError';
}

const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';

/**
 * Reads an agency's signing identity. PKCS#12 is parsed in-process with pkijs rather than by
 * running `openssl pkcs12`: the production image (node:24-bookworm-slim) has no openssl
 * binary, and pkijs reads what current tools write (PBES2, PBKDF2, AES, SHA-256 MAC,
 * OpenSSL 3's default). Files from old tools that use RC2 or 3DES are refused with a clear
 * error: re-export them with `openssl pkcs12 -export`.
 */
export async function loadSigningIdentity(source: SigningIdentitySource): Promise<SigningIdentity> {
  return source.kind === 'pkcs12' ? loadPkcs12(source.file, source.password) : loadPem(source.certificateFile, source.privateKeyFile, source.chainFile);
}

async function loadPem(certificateFile: string, privateKeyFile: string, chainFile?: string): Promise<SigningIdentity> {
  const certificates = pemCertificates(await readText(certificateFile), certificateFile);
  let key: KeyObject;
  try {
    key = createPrivateKey(await readText(privateKeyFile));
  } catch {
    throw new SigningIdentityError(`${privateKeyFile} holds no readable unencrypted private key in PEM`);
  }
  const chain = chainFile ? pemCertificates(await readText(chainFile), chainFile) : [];
  return identityFrom(key, [...certificates, ...chain], certificateFile);
}

async function loadPkcs12(file: string, password: string): Promise<SigningIdentity> {
  const der = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new SigningIdentityError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(der);
  } catch {
    throw new SigningIdentityError(`${file} is not a PKCS#12 file`);
  }
  const secret = new TextEncoder().encode(password).buffer;
  const keys: KeyObject[] = [];
  const certificates: X509Certificate[] = [];
  try {
    await pfx.parseInternalValues({ password: secret, checkIntegrity: true });
  } catch {
    throw new SigningIdentityError(`cannot open ${file}: wrong password or a damaged PKCS#12 file`);
  }
  try {
    const safe = pfx.parsedValue?.authenticatedSafe;
    if (!safe) throw new Error('no authenticated safe');
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: secret })) });
    // pkijs types the parsed contents as any[]: each is { privacyMode, value: SafeContents }.
    const parsed = ((safe.parsedValue as { safeContents?: unknown[] } | undefined)?.safeContents ?? []) as { value: pkijs.SafeContents }[];
    for (const contents of parsed) {
      for (const bag of contents.value.safeBags) {
        if (bag.bagId === SHROUDED_KEY_BAG) {
          const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
          // Public in pkijs's JavaScript and its own examples, declared protected in its types.
          await (shrouded as unknown as { parseInternalValues(parameters: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: secret });
          if (shrouded.parsedValue) keys.push(privateKeyFromInfo(shrouded.parsedValue));
        } else if (bag.bagId === KEY_BAG) {
          keys.push(privateKeyFromInfo(bag.bagValue as pkijs.PrivateKeyInfo));
        } else if (bag.bagId === CERT_BAG) {
          const certificate: unknown = (bag.bagValue as pkijs.CertBag).parsedValue;
          if (certificate instanceof pkijs.Certificate) certificates.push(new X509Certificate(Buffer.from(certificate.toSchema().toBER())));
        }
      }
    }
  } catch {
    throw new SigningIdentityError(`cannot read the contents of ${file}: its encryption is not supported (re-export it with "openssl pkcs12 -export")`);
  }
  if (keys.length !== 1) throw new SigningIdentityError(`${file} holds ${keys.length} private keys; exactly one is needed`);
  return identityFrom(keys[0], certificates, file);
}

function privateKeyFromInfo(info: pkijs.PrivateKeyInfo): KeyObject {
  return createPrivateKey({ key: Buffer.from(info.toSchema().toBER()), format: 'der', type: 'pkcs8' });
}

function identityFrom(key: KeyObject, certificates: X509Certificate[], file: string): SigningIdentity {
  if (key.asymmetricKeyType !== 'rsa') throw new SigningIdentityError(`${file}: the key is ${key.asymmetricKeyType ?? 'unknown'}; signatures here are RSA (PKCS#1 v1.5)`);
  const leaf = certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (!leaf) throw new SigningIdentityError(`${file}: no certificate matches the private key`);
  const chain = orderedChain(leaf, certificates.filter((certificate) => certificate !== leaf));
  return {
    certificatePem: leaf.toString(),
    chainPem: chain.map((certificate) => certificate.toString()),
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    subjectName: commonName(leaf) ?? leaf.subject,
  };
}

/** The issuers from the leaf upwards, as far as the given certificates go. */
function orderedChain(leaf: X509Certificate, others: X509Certificate[]): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let current = leaf;
  const remaining = [...others];
  for (;;) {
    const index = remaining.findIndex((candidate) => current.checkIssued(candidate) && current.verify(candidate.publicKey));
    if (index < 0 || current.checkIssued(current)) break;
    current = remaining.splice(index, 1)[0];
    chain.push(current);
  }
  return [...chain, ...remaining];
}

/** The CN as the certificate encodes it (UTF8String or PrintableString). */
function commonName(certificate: X509Certificate): string | undefined {
  const parsed = pkijs.Certificate.fromBER(certificate.raw);
  const cn = parsed.subject.typesAndValues.find((entry) => entry.type === '2.5.4.3');
  return cn ? (cn.value as asn1js.BaseStringBlock).valueBlock.value : undefined;
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SigningIdentityError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
}

function pemCertificates(text: string, file: string): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new SigningIdentityError(`${file} holds no X.509 certificate in PEM`);
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new SigningIdentityError(`${file} holds a damaged certificate`);
    }
  });
}
