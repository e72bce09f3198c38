import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { PDFObject, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { CadesSigner } from './cades-signer';
import type { SigningIdentity } from './signing-identity';

export interface SignOptions {
  reason: string;
  location: string;
  signerName: string;
  contactInfo?: string;
  /** An RFC 3161 timestamp authority: the signature becomes PAdES-BASELINE-T. */
  timestampUrl?: string;
  /** The claimed signing time, written to the signature dictionary's /M; now by default. */
  signingTime?: Date;
}

/** Room for the CMS: the certificates and one RSA-2048 signature fit in 8 KiB, a TSA token and its chain need up to 16 KiB more. */
const PLACEHOLDER_BYTES = 8192;
const PLACEHOLDER_BYTES_WITH_TIMESTAMP = 16384;

/**
 * Signs a PDF as PAdES baseline: B-B, or B-T with `timestampUrl`. The signature is added as
 * an incremental update (`@signpdf/placeholder-plain`), so the bytes of the given PDF stay
 * exactly as they were and an earlier signature stays valid; never re-save a signed PDF
 * with a library that rewrites it. A timestamp authority that fails makes the signing fail
 * (TimestampError): a result promised as B-T is never quietly issued as B-B.
 *
 * What B-LT (long-term validation) would add, not built: a Document Security Store after the
 * signature, as a further incremental update — a /DSS dictionary in the catalog with /Certs
 * (the signer's and the TSA's chains), /OCSPs and/or /CRLs proving that neither certificate
 * was revoked at the time, and optionally /VRI entries keyed by the SHA-1 of each signature's
 * /Contents. That needs a revocation service for the CA (an OCSP responder or a published
 * CRL); the development CA has neither, and a production CA (e.g. the Government CA of Ban
 * Cơ yếu Chính phủ) would supply them. B-LTA would then add a document timestamp over it all.
 */
export async function signPdf(pdf: Buffer, identity: SigningIdentity, options: SignOptions): Promise<Buffer> {
  const text = {
    reason: options.reason.normalize('NFC'),
    location: options.location.normalize('NFC'),
    name: options.signerName.normalize('NFC'),
    contactInfo: (options.contactInfo ?? '').normalize('NFC'),
  };
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    ...text,
    signingTime: options.signingTime ?? new Date(),
    signatureLength: options.timestampUrl ? PLACEHOLDER_BYTES_WITH_TIMESTAMP : PLACEHOLDER_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  const placeholder = repairTextStrings(withPlaceholder, pdf.length, Object.values(text));
  return new SignPdf().sign(placeholder, new CadesSigner(identity, options.timestampUrl));
}

/**
 * placeholder-plain writes each object with `Buffer.from(string)`, i.e. as UTF-8, although
 * pdfkit's serialiser has already turned a non-ASCII text string into UTF-16BE bytes held
 * in a binary string: '/Name (Sở Tư pháp)' would reach the file double-encoded. The right
 * bytes are never longer than the wrong ones, so each one is put back in place and padded
 * with spaces (whitespace between dictionary entries), which keeps every xref offset valid.
 */
function repairTextStrings(pdf: Buffer, appendedFrom: number, texts: string[]): Buffer {
  const repaired = Buffer.from(pdf);
  for (const text of new Set(texts)) {
    const literal = PDFObject.convert(new String(text)) as string;
    const wrong = Buffer.from(literal, 'utf8');
    const right = Buffer.from(literal, 'latin1');
    if (wrong.equals(right)) continue;
    let at = repaired.indexOf(wrong, appendedFrom);
    while (at >= 0) {
      right.copy(repaired, at);
      repaired.fill(' ', at + right.length, at + wrong.length);
      at = repaired.indexOf(wrong, at + wrong.length);
    }
  }
  return repaired;
}
