import { createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './cms-oids';
import type { SigningIdentity } from './signing-identity';
import { requestTimestampToken } from './timestamp-client';

/**
 * The CMS of a PAdES baseline signature (ETSI EN 319 142-1), for `@signpdf/signpdf`:
 * detached SignedData over the byte ranges, SHA-256 with RSA PKCS#1 v1.5, and exactly the
 * signed attributes B-B asks for: content-type, message-digest and ESS signing-certificate-v2.
 * No signing-time attribute: PAdES puts the claimed time in the signature dictionary's /M.
 * With a timestamp URL the SignerInfo also carries an RFC 3161 signature timestamp (B-T).
 */
export class CadesSigner extends Signer {
  constructor(
    private readonly identity: SigningIdentity,
    private readonly timestampUrl?: string,
  ) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const signerPem = this.identity.certificatePem;
    const signerDer = new X509Certificate(signerPem).raw;
    const signerCertificate = pkijs.Certificate.fromBER(signerDer);
    const chain = this.identity.chainPem.map((pem) => pkijs.Certificate.fromBER(new X509Certificate(pem).raw));

    const attributes = derSorted([
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: sha256(content) })] }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(signerCertificate, signerDer)] }),
    ]);
    // What is signed is the attributes' DER with the SET OF tag, not the [0] they travel under (RFC 5652 §5.4).
    const signedAttributesDer = new asn1js.Set({ value: attributes.map((attribute) => attribute.toSchema()) }).toBER();
    const signatureValue = sign('sha256', Buffer.from(signedAttributesDer), createPrivateKey(this.identity.privateKeyPem));

    const signerInfo = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: signerCertificate.issuer, serialNumber: signerCertificate.serialNumber }),
      digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() }),
      signature: new asn1js.OctetString({ valueHex: signatureValue }),
    });
    if (this.timestampUrl) {
      const token = await requestTimestampToken(this.timestampUrl, signatureValue);
      signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
        type: 1,
        attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [asn1js.fromBER(token).result] })],
      });
    }

    const signedData = new pkijs.SignedData({
      version: 1,
      digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      certificates: [signerCertificate, ...chain],
      signerInfos: [signerInfo],
    });
    const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
    return Buffer.from(contentInfo.toSchema().toBER());
  }
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * RFC 5035: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, with one
 * ESSCertIDv2 { certHash (SHA-256, the default algorithm, so omitted), issuerSerial }.
 */
function signingCertificateV2(certificate: pkijs.Certificate, der: Uint8Array): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] })],
      }),
      certificate.serialNumber,
    ],
  });
  const certId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: sha256(der) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] });
}

/** DER orders a SET OF by the elements' encodings; a verifier that re-encodes would otherwise hash other bytes. */
function derSorted(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER()) }));
  encoded.sort((a, b) => Buffer.compare(a.der, b.der));
  return encoded.map((entry) => entry.attribute);
}
