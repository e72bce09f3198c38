import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './cms-oids';

/** The timestamp authority did not give a usable token; signing stops rather than fall back to B-B. */
export class TimestampError extends Error {
  override readonly name = 'TimestampError';
}

const TIMEOUT_MS = 15_000;

/**
 * RFC 3161 over HTTP: asks `url` to timestamp `signatureValue` (SHA-256 of it, a nonce, the
 * TSA's certificate requested) and returns the token, a CMS ContentInfo in DER, after
 * checking that it answers this very request.
 */
export async function requestTimestampToken(url: string, signatureValue: Uint8Array): Promise<Buffer> {
  const imprint = createHash('sha256').update(signatureValue).digest();
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] & 0x7f) | 0x01; // positive, and no leading zero to be stripped by DER
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(request.toSchema().toBER()),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new TimestampError(`timestamp authority ${url} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new TimestampError(`timestamp authority ${url} answered HTTP ${response.status}: ${body.toString('utf8').slice(0, 200)}`);
  let reply: pkijs.TimeStampResp;
  try {
    reply = pkijs.TimeStampResp.fromBER(body);
  } catch {
    throw new TimestampError(`timestamp authority ${url} answered something that is not an RFC 3161 reply`);
  }
  const status = reply.status.status;
  // 0 granted, 1 granted with modifications; anything else is a refusal.
  if ((status !== 0 && status !== 1) || !reply.timeStampToken) {
    const text = reply.status.statusStrings?.map((entry) => entry.valueBlock.value).join('; ');
    throw new TimestampError(`timestamp authority ${url} refused the request (status ${status}${text ? `: ${text}` : ''})`);
  }
  const info = timestampInfo(reply.timeStampToken);
  if (!Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView).equals(imprint)) {
    throw new TimestampError(`timestamp authority ${url} stamped a different value than the signature`);
  }
  if (!info.nonce || !Buffer.from(info.nonce.valueBlock.valueHexView).equals(nonce)) {
    throw new TimestampError(`timestamp authority ${url} answered with another request's nonce`);
  }
  return Buffer.from(reply.timeStampToken.toSchema().toBER());
}

/** The TSTInfo inside a timestamp token. */
export function timestampInfo(token: pkijs.ContentInfo): pkijs.TSTInfo {
  if (token.contentType !== OID.signedData) throw new TimestampError('the timestamp token is not CMS SignedData');
  const signed = new pkijs.SignedData({ schema: token.content });
  const content = signed.encapContentInfo;
  if (content.eContentType !== OID.tstInfo || !content.eContent) throw new TimestampError('the timestamp token carries no TSTInfo');
  return pkijs.TSTInfo.fromBER(content.eContent.getValue());
}
