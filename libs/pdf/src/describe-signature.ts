import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './cms-oids';
import { timestampInfo } from './timestamp-client';

/** What a signed PDF's last signature says about itself, read back from its dictionary and CMS. */
export interface SignatureFacts {
  subFilter: string | undefined;
  byteRange: [number, number, number, number];
  /** The byte ranges run from the first byte to the last: nothing was appended after signing. */
  coversWholeFile: boolean;
  /** The signature dictionary's /M, PAdES's claimed signing time. */
  signingTime: Date | undefined;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signedAttributeOids: string[];
  unsignedAttributeOids: string[];
  hasSigningCertificateV2: boolean;
  /** signing-certificate-v2's hash is the SHA-256 of the certificate that signed. */
  signingCertificateV2MatchesSigner: boolean;
  hasSigningTimeAttribute: boolean;
  /** message-digest is the SHA-256 of the byte ranges as they are now. */
  messageDigestMatches: boolean;
  hasTimestamp: boolean;
  timestamp?: { genTime: Date; serialNumber: string; messageImprintMatchesSignature: boolean };
  /** e.g. 'CN=Sở Tư pháp thành phố Hà Nội, O=…, C=VN', decoded from the certificate (UTF8String kept). */
  signerSubject: string;
  certificateSubjects: string[];
}

/** Fails with an Error when the PDF carries no signature; it checks no trust, only the structure. */
export function describeSignature(signedPdf: Buffer): SignatureFacts {
  const at = signedPdf.lastIndexOf('/ByteRange [');
  if (at < 0) throw new Error('the PDF carries no signature (no /ByteRange)');
  const range = /\/ByteRange \[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(signedPdf.subarray(at, at + 80).toString('latin1'));
  if (!range) throw new Error('the signature /ByteRange cannot be read');
  const byteRange = range.slice(1, 5).map(Number) as [number, number, number, number];
  const dictionary = signedPdf.subarray(signedPdf.lastIndexOf(' obj', at), signedPdf.indexOf('endobj', at)).toString('latin1');
  const hex = signedPdf.subarray(byteRange[1] + 1, byteRange[2] - 1).toString('latin1');
  const cms = asn1js.fromBER(Buffer.from(hex, 'hex'));
  if (cms.offset === -1) throw new Error('the signature /Contents is not DER');
  const contentInfo = new pkijs.ContentInfo({ schema: cms.result });
  if (contentInfo.contentType !== OID.signedData) throw new Error(`the signature is ${contentInfo.contentType}, not CMS SignedData`);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const signerInfo = signedData.signerInfos[0];
  const certificates = (signedData.certificates ?? []).filter((entry): entry is pkijs.Certificate => entry instanceof pkijs.Certificate);
  const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber;
  const signer = certificates.find((certificate) => certificate.serialNumber.isEqual(sid.serialNumber) && certificate.issuer.isEqual(sid.issuer));
  if (!signer) throw new Error('the CMS does not carry the certificate that signed');

  const signed = signerInfo.signedAttrs?.attributes ?? [];
  const unsigned = signerInfo.unsignedAttrs?.attributes ?? [];
  const attribute = (list: pkijs.Attribute[], oid: string) => list.find((entry) => entry.type === oid);
  const signedBytes = Buffer.concat([signedPdf.subarray(byteRange[0], byteRange[0] + byteRange[1]), signedPdf.subarray(byteRange[2], byteRange[2] + byteRange[3])]);
  const digest = attribute(signed, OID.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  const certificateV2 = attribute(signed, OID.signingCertificateV2);
  const signatureValue = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  const tokenAttribute = attribute(unsigned, OID.signatureTimeStampToken);
  const m = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z\)/.exec(dictionary);

  return {
    subFilter: /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(dictionary)?.[1],
    byteRange,
    coversWholeFile: byteRange[0] === 0 && byteRange[2] + byteRange[3] === signedPdf.length,
    signingTime: m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined,
    digestAlgorithm: signerInfo.digestAlgorithm.algorithmId,
    signatureAlgorithm: signerInfo.signatureAlgorithm.algorithmId,
    signedAttributeOids: signed.map((entry) => entry.type),
    unsignedAttributeOids: unsigned.map((entry) => entry.type),
    hasSigningCertificateV2: certificateV2 !== undefined,
    signingCertificateV2MatchesSigner: certificateV2 !== undefined && certificateHashOf(certificateV2).equals(sha256(signer.toSchema().toBER())),
    hasSigningTimeAttribute: attribute(signed, OID.signingTime) !== undefined,
    messageDigestMatches: digest !== undefined && Buffer.from(digest.valueBlock.valueHexView).equals(sha256(signedBytes)),
    hasTimestamp: tokenAttribute !== undefined,
    ...(tokenAttribute ? { timestamp: describeTimestamp(tokenAttribute, signatureValue) } : {}),
    signerSubject: distinguishedName(signer.subject),
    certificateSubjects: certificates.map((certificate) => distinguishedName(certificate.subject)),
  };
}

function describeTimestamp(tokenAttribute: pkijs.Attribute, signatureValue: Buffer): NonNullable<SignatureFacts['timestamp']> {
  const info = timestampInfo(new pkijs.ContentInfo({ schema: tokenAttribute.values[0] }));
  return {
    genTime: info.genTime,
    serialNumber: Buffer.from(info.serialNumber.valueBlock.valueHexView).toString('hex'),
    messageImprintMatchesSignature:
      info.messageImprint.hashAlgorithm.algorithmId === OID.sha256 && Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView).equals(sha256(signatureValue)),
  };
}

/** certs[0].certHash of a SigningCertificateV2. */
function certificateHashOf(attribute: pkijs.Attribute): Buffer {
  const value = attribute.values[0] as asn1js.Sequence;
  const certs = value.valueBlock.value[0] as asn1js.Sequence;
  const first = certs.valueBlock.value[0] as asn1js.Sequence;
  const parts = first.valueBlock.value;
  // hashAlgorithm is omitted when it is SHA-256, the default.
  const hash = (parts[0] instanceof asn1js.OctetString ? parts[0] : parts[1]) as asn1js.OctetString;
  return Buffer.from(hash.valueBlock.valueHexView);
}

const NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
};

/** Most specific first, as openssl and pdfsig print it. */
function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return [...name.typesAndValues]
    .reverse()
    .map((entry) => `${NAMES[entry.type] ?? entry.type}=${(entry.value as asn1js.BaseStringBlock).valueBlock.value}`)
    .join(', ');
}

function sha256(data: ArrayBuffer | Uint8Array): Buffer {
  return createHash('sha256').update(data instanceof ArrayBuffer ? new Uint8Array(data) : data).digest();
}
