import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { ensureDevelopmentPki, serveDevelopmentTsa, type DevelopmentPki } from '@app/dev-pki';
import { describeSignature, loadSigningIdentity, renderPdf, signPdf, TimestampError, type SigningIdentity } from '@app/pdf';
import { createNssDatabase, pdfsig, pdfText } from '@app/testing';

const run = promisify(execFile);
const JUSTICE = { code: '000.00.12.H26', nameVi: 'Sở Tư pháp thành phố Hà Nội' };
/** The CMS in /Contents, without its zero padding, and the bytes the ByteRange covers. */
function signatureParts(signed: Buffer): { cms: Buffer; signedBytes: Buffer } {
  const [start, firstLength, secondStart, secondLength] = describeSignature(signed).byteRange;
  const padded = Buffer.from(signed.subarray(firstLength + 1, secondStart - 1).toString('latin1'), 'hex');
  const cms = padded.subarray(0, asn1js.fromBER(padded).offset);
  return { cms, signedBytes: Buffer.concat([signed.subarray(start, start + firstLength), signed.subarray(secondStart, secondStart + secondLength)]) };
}

const OPTIONS = { reason: 'Trả kết quả giải quyết thủ tục hành chính', location: 'Hà Nội', signerName: JUSTICE.nameVi };

describe('signPdf', () => {
  let dir: string;
  let pki: DevelopmentPki;
  let identity: SigningIdentity;
  let nssDir: string;
  let pdf: Buffer;
  let tsa: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sign-pdf-'));
    pki = await ensureDevelopmentPki(join(dir, 'pki'), [JUSTICE]);
    const files = pki.agency(JUSTICE.code);
    identity = await loadSigningIdentity({ kind: 'pkcs12', file: files.p12File, password: (await readFile(files.p12PasswordFile, 'utf8')).trim() });
    nssDir = await createNssDatabase(await mkdtemp(join(dir, 'nss-')), pki.caCertificatePem);
    pdf = await renderPdf({
      title: 'PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1',
      issuer: { superior: 'UBND THÀNH PHỐ HÀ NỘI', name: 'SỞ TƯ PHÁP' },
      blocks: [{ kind: 'field', label: 'Họ và tên', value: 'Trần Văn Bình' }],
    });
    tsa = await serveDevelopmentTsa({ port: 0, pki, stateDir: join(dir, 'tsa') });
  });

  afterAll(async () => {
    await tsa?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a PAdES B-B signature that pdfsig validates and, with the development CA trusted, trusts', async () => {
    const signingTime = new Date('2026-12-02T03:00:00Z');
    const signed = await signPdf(pdf, identity, { ...OPTIONS, signingTime });

    const verdict = await pdfsig(signed, { nssDir });
    expect(verdict.output).toContain('Signature Validation: Signature is Valid.');
    expect(verdict.output).toContain('Certificate Validation: Certificate is Trusted.');
    expect(verdict.output).toContain('Signer Certificate Common Name: Sở Tư pháp thành phố Hà Nội');
    expect(verdict.output).toContain('Total document signed');
    expect(verdict).toMatchObject({ signatureValid: true, certificateTrusted: true });

    const facts = describeSignature(signed);
    expect(facts).toMatchObject({
      subFilter: 'ETSI.CAdES.detached',
      coversWholeFile: true,
      signingTime,
      digestAlgorithm: '2.16.840.1.101.3.4.2.1',
      hasSigningCertificateV2: true,
      signingCertificateV2MatchesSigner: true,
      hasSigningTimeAttribute: false,
      messageDigestMatches: true,
      hasTimestamp: false,
    });
    expect([...facts.signedAttributeOids].sort()).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4']);
    expect(facts.signerSubject).toMatch(/^CN=Sở Tư pháp thành phố Hà Nội, /);
    expect(facts.certificateSubjects).toContain('CN=Tổ chức chứng thực phát triển – Nền tảng một lần, O=Nền tảng một lần (phát triển, không có giá trị pháp lý), C=VN');
    // An incremental update: the rendered PDF is still there byte for byte, and still reads the same.
    expect(signed.subarray(0, pdf.length - 1).equals(pdf.subarray(0, pdf.length - 1))).toBe(true);
    expect(await pdfText(signed)).toContain('Trần Văn Bình');
  });

  it('describes no signature in a PDF that was never signed', () => {
    expect(() => describeSignature(pdf)).toThrow('the PDF carries no signature (no /ByteRange)');
  });

  it('makes a CMS that openssl, a second implementation, verifies against the development CA', async () => {
    const { cms, signedBytes } = signatureParts(await signPdf(pdf, identity, OPTIONS));
    const cmsFile = join(dir, 'signature.der');
    const contentFile = join(dir, 'signed-bytes.bin');
    await writeFile(cmsFile, cms);
    await writeFile(contentFile, signedBytes);
    const { stderr } = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cmsFile, '-content', contentFile, '-CAfile', pki.caFile, '-purpose', 'any', '-out', '/dev/null']);
    expect(stderr).toContain('Verification successful');
  });

  it('writes the Vietnamese reason, location and name into the signature dictionary as UTF-16, not double-encoded', async () => {
    const signed = await signPdf(pdf, identity, OPTIONS);
    const utf16 = (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    for (const text of [OPTIONS.reason, OPTIONS.location, OPTIONS.signerName]) expect(signed.indexOf(utf16(text))).toBeGreaterThan(pdf.length - 2);
  });

  it('is not trusted by an NSS database that trusts another CA', async () => {
    const other = await ensureDevelopmentPki(join(dir, 'other-pki'), []);
    const otherNss = await createNssDatabase(await mkdtemp(join(dir, 'nss-other-')), other.caCertificatePem);
    const verdict = await pdfsig(await signPdf(pdf, identity, OPTIONS), { nssDir: otherNss });
    expect(verdict.signatureValid).toBe(true);
    expect(verdict.certificateTrusted).toBe(false);
  });

  it('no longer validates once one byte of the signed page content changes', async () => {
    const signed = await signPdf(pdf, identity, OPTIONS);
    const { byteRange } = describeSignature(signed);
    const stream = signed.indexOf('stream\n') + 'stream\n'.length + 5;
    expect(stream).toBeLessThan(byteRange[1]);
    const tampered = Buffer.from(signed);
    tampered[stream] ^= 0x01;
    const verdict = await pdfsig(tampered, { nssDir });
    expect(verdict.signatureValid).toBe(false);
    expect(verdict.output).toContain('Digest Mismatch.');
    expect(describeSignature(tampered).messageDigestMatches).toBe(false);
  });

  it('no longer validates once one byte of the RSA signature value changes', async () => {
    const signed = await signPdf(pdf, identity, OPTIONS);
    const contentsHex = describeSignature(signed).byteRange[1] + 1;
    // The SignerInfo's signature value is the last element of a B-B CMS: its bytes end where the DER ends.
    const inSignatureValue = contentsHex + (signatureParts(signed).cms.length - 20) * 2;
    const tampered = Buffer.from(signed);
    tampered[inSignatureValue] = tampered[inSignatureValue] === 0x30 ? 0x31 : 0x30;
    const verdict = await pdfsig(tampered, { nssDir });
    expect(verdict.output).toContain('Signature Validation:');
    expect(verdict.signatureValid).toBe(false);
  });

  it('makes B-T against the development TSA: the token stamps the signature value, pdfsig still validates', async () => {
    const signed = await signPdf(pdf, identity, { ...OPTIONS, timestampUrl: tsa.url });
    const facts = describeSignature(signed);
    expect(facts.hasTimestamp).toBe(true);
    expect(facts.unsignedAttributeOids).toEqual(['1.2.840.113549.1.9.16.2.14']);
    expect(facts.timestamp?.messageImprintMatchesSignature).toBe(true);
    expect(Math.abs(facts.timestamp!.genTime.getTime() - Date.now())).toBeLessThan(60_000);
    expect(facts.hasSigningTimeAttribute).toBe(false);
    expect(await pdfsig(signed, { nssDir })).toMatchObject({ signatureValid: true, certificateTrusted: true });
    expect(signed.length).toBeGreaterThan(pdf.length + 2 * 16384);
  });

  it('makes a timestamp token that openssl verifies against the development CA', async () => {
    const signed = await signPdf(pdf, identity, { ...OPTIONS, timestampUrl: tsa.url });
    const cms = asn1js.fromBER(signatureParts(signed).cms).result as asn1js.Sequence;
    // ContentInfo → [0] SignedData → signerInfos (last) → SignerInfo → unsignedAttrs (last) → the attribute's value.
    const signedData = (cms.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
    const signerInfo = (signedData.valueBlock.value.at(-1) as asn1js.Set).valueBlock.value[0] as asn1js.Sequence;
    const unsigned = signerInfo.valueBlock.value.at(-1) as asn1js.Constructed;
    const token = ((unsigned.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[1] as asn1js.Set).valueBlock.value[0];
    const signatureValue = Buffer.from((signerInfo.valueBlock.value.at(-2) as asn1js.OctetString).valueBlock.valueHexView);
    const tokenFile = join(dir, 'token.der');
    const valueFile = join(dir, 'signature-value.bin');
    await writeFile(tokenFile, Buffer.from(token.toBER()));
    await writeFile(valueFile, signatureValue);
    const { stdout } = await run('openssl', ['ts', '-verify', '-token_in', '-in', tokenFile, '-data', valueFile, '-CAfile', pki.caFile, '-untrusted', pki.tsa.certificateFile]);
    expect(stdout).toContain('Verification: OK');
  });

  it('fails, rather than issue B-B, when the timestamp authority is down or answers nonsense', async () => {
    const closed = await serveDevelopmentTsa({ port: 0, pki, stateDir: join(dir, 'tsa-closed') });
    await closed.close();
    await expect(signPdf(pdf, identity, { ...OPTIONS, timestampUrl: closed.url })).rejects.toThrow(TimestampError);
    await expect(signPdf(pdf, identity, { ...OPTIONS, timestampUrl: closed.url })).rejects.toThrow(/unreachable/);

    const nonsense: Server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end('not a reply'));
    await new Promise<void>((resolve) => nonsense.listen(0, '127.0.0.1', resolve));
    const port = (nonsense.address() as { port: number }).port;
    try {
      await expect(signPdf(pdf, identity, { ...OPTIONS, timestampUrl: `http://127.0.0.1:${port}/` })).rejects.toThrow(/not an RFC 3161 reply/);
    } finally {
      await new Promise((resolve) => nonsense.close(resolve));
    }
  });

  it('signs with a PEM identity just as with the PKCS#12 one', async () => {
    const files = pki.agency(JUSTICE.code);
    const pem = await loadSigningIdentity({ kind: 'pem', certificateFile: files.certificateFile, privateKeyFile: files.privateKeyFile, chainFile: pki.caFile });
    expect(pem).toEqual(identity);
    const withoutChain = await loadSigningIdentity({ kind: 'pem', certificateFile: files.certificateFile, privateKeyFile: files.privateKeyFile });
    expect(withoutChain.chainPem).toEqual([]);
    expect(await pdfsig(await signPdf(pdf, pem, OPTIONS), { nssDir })).toMatchObject({ signatureValid: true, certificateTrusted: true });
  });
});
